// The credential use cases' errors, which the HTTP layer maps to problems (http/routes/applications.ts).
import type { LastUse } from './last-used.ts';

export { ApplicationNotFoundError, ConcurrentChangeError, DamagedApplicationError } from '../store/errors.ts';

/** A validation problem of one request field; the HTTP layer turns these into a 400 problem. */
export class CredentialValidationError extends Error {
  override name = 'CredentialValidationError';
  readonly fields: { field: string; reason: string; message: string }[];
  constructor(fields: { field: string; reason: string; message: string }[]) {
    super(fields.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.fields = fields;
  }
}

/** The secret was (or may have been) used within RECENT_USE_MS and the caller did not pass `force`. */
export class SecretRecentlyUsedError extends Error {
  override name = 'SecretRecentlyUsedError';
  readonly lastUsedAt: number;
  /** The use is an application login that Keycloak did not attribute to one of the live secrets. */
  readonly ambiguous: boolean;
  constructor(lastUse: LastUse) {
    const at = new Date(lastUse.at).toISOString();
    super(
      lastUse.ambiguous
        ? `An application login at ${at} may have used this secret: Keycloak did not say which of the live secrets was used`
        : `The secret was last used at ${at}`,
    );
    this.lastUsedAt = lastUse.at;
    this.ambiguous = lastUse.ambiguous;
  }
}
