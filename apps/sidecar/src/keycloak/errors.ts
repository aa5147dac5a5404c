// The Keycloak layer's errors, each with a stable `code` (http/error-mapping.ts switches on it). The first four
// are the port's: what a KeycloakPort call may throw. The last three never leave the adapter (admin/): a refused
// call leaves as the KeycloakUnavailableError it is, the other two become port errors first
// (admin/resilient-call.ts, admin/error-mapping.ts).

/** Keycloak did not answer, timed out, or answered 5xx: the request can be retried later (HTTP 503). */
export class KeycloakUnavailableError extends Error {
  override name = 'KeycloakUnavailableError';
  readonly code = 'keycloak-unavailable';
  /**
   * True when the request may still be processed after credman gave up (a timeout, a connection lost
   * mid-request); false when Keycloak answered (5xx) or was never reached (connection refused). A write that
   * failed with `mayStillLand` is in an unknown state until Keycloak shows it.
   */
  readonly mayStillLand: boolean;
  constructor(message: string, options: { cause?: unknown; mayStillLand?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.mayStillLand = options.mayStillLand ?? true;
  }
}

/** Keycloak refused the sidecar's own credentials or permissions: a deployment problem, not the user's. */
export class KeycloakAccessError extends Error {
  override name = 'KeycloakAccessError';
  readonly code = 'keycloak-access-denied';
}

/** Keycloak answered 409 (e.g. a clientId that exists). */
export class KeycloakConflictError extends Error {
  override name = 'KeycloakConflictError';
  readonly code = 'keycloak-conflict';
}

/** Keycloak rejected the request as invalid (400). */
export class KeycloakRejectedError extends Error {
  override name = 'KeycloakRejectedError';
  readonly code = 'keycloak-rejected';
}

/** A call refused before it was sent: the breaker is open or the request's deadline passed. */
export class RefusedCall extends KeycloakUnavailableError {}

/** The HTTP status of a call the adapter makes itself (the admin client's own calls fail with its NetworkError). */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly code = 'keycloak-http-status';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** A read cut short by the request's deadline: not Keycloak's fault, so it does not count against the breaker. */
export class DeadlinePassed extends Error {
  readonly code = 'request-deadline-passed';
  readonly unavailable: KeycloakUnavailableError;
  constructor(what: string) {
    super(`Request deadline passed during: ${what}`);
    this.unavailable = new KeycloakUnavailableError(this.message, { mayStillLand: false });
  }
}
