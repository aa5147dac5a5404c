// The errors of the application store that the use cases and the HTTP layer tell apart, each with a stable
// `code` (http/error-mapping.ts switches on it).
import type { CredmanAttribute } from './records/codecs.ts';

/** No managed application of that client ID (or not one the caller may see: the HTTP layer answers 404). */
export class ApplicationNotFoundError extends Error {
  override name = 'ApplicationNotFoundError';
  readonly code = 'application-not-found';
}

/** Another writer changed the application between this request's read and write. */
export class ConcurrentChangeError extends Error {
  override name = 'ConcurrentChangeError';
  readonly code = 'concurrent-change';
}

/**
 * A credman attribute of the application cannot be read (docs/architecture.md#damaged-metadata). Every path
 * refuses to act on the application until an operator repairs the attribute in Keycloak; nothing overwrites
 * it. The message names the application and the attribute, never the attribute's content.
 */
export class DamagedApplicationError extends Error {
  override name = 'DamagedApplicationError';
  readonly code = 'application-damaged';
  readonly clientId: string;
  readonly attribute: CredmanAttribute;
  constructor(clientId: string, attribute: CredmanAttribute, options?: { cause?: unknown }) {
    super(`The attribute ${attribute} of the application ${clientId} is damaged`, options);
    this.clientId = clientId;
    this.attribute = attribute;
  }
}
