// The credential use cases' errors, each with a stable `code` that the HTTP layer maps to a problem
// (http/error-mapping.ts).
import type { SecretRecord } from '../store/records/secrets.ts';
import type { LastUse } from './last-used.ts';

/** A validation problem of one request field; the HTTP layer turns these into a 400 problem. */
export class CredentialValidationError extends Error {
  override name = 'CredentialValidationError';
  readonly code = 'credential-validation-failed';
  readonly fields: { field: string; reason: string; message: string }[];
  constructor(fields: { field: string; reason: string; message: string }[]) {
    super(fields.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.fields = fields;
  }
}

/** The secret was (or may have been) used within RECENT_USE_MS and the caller did not pass `force`. */
export class SecretRecentlyUsedError extends Error {
  override name = 'SecretRecentlyUsedError';
  readonly code = 'secret-recently-used';
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

/** A create while MAX_LIVE_SECRETS are live: the caller must delete one first. */
export class SecretLimitError extends Error {
  override name = 'SecretLimitError';
  readonly code = 'secret-limit';
  /** The live secret to delete first: the one that expires soonest. */
  readonly deleteFirst: SecretRecord;

  constructor(deleteFirst: SecretRecord) {
    super(`Delete secret "${deleteFirst.name}" (${deleteFirst.hint}…) before creating another one`);
    this.deleteFirst = deleteFirst;
  }
}

/** No live secret of that id. */
export class SecretNotFoundError extends Error {
  override name = 'SecretNotFoundError';
  readonly code = 'secret-not-found';
}
