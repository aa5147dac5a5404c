// A failed admin call in the port's terms (errors.ts): no answer or 5xx is unavailable (retried if a read), 401
// and 403 are the sidecar's own access, 409 a conflict, any other status a rejection.
import { NetworkError } from '@keycloak/keycloak-admin-client';
import {
  HttpError,
  KeycloakAccessError,
  KeycloakConflictError,
  KeycloakRejectedError,
  KeycloakUnavailableError,
} from '../errors.ts';

function isTimeoutOrNetwork(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'TimeoutError' || error.name === 'AbortError' || error instanceof TypeError;
}

/** A refused connection: the request never reached Keycloak, so it cannot land later. */
function neverSent(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause as { code?: unknown } | undefined;
  return cause?.code === 'ECONNREFUSED';
}

/**
 * `read`'s answer, or `absent` when Keycloak answered 404 (what was asked for is not there: a deleted user, a
 * role already gone, the extension not installed); any other failure is rethrown.
 */
export async function unlessNotFound<T, A>(read: () => Promise<T>, absent: A): Promise<T | A> {
  try {
    return await read();
  } catch (error) {
    if (statusOf(error) === 404) return absent;
    throw error;
  }
}

/** HTTP status of a failed call, or undefined when Keycloak was not reached. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof NetworkError) return error.response.status;
  if (error instanceof HttpError) return error.status;
  return undefined;
}

export function mapError(error: unknown, what: string): Error {
  const status = statusOf(error);
  if (status === undefined) {
    if (isTimeoutOrNetwork(error))
      return new KeycloakUnavailableError(`Keycloak did not answer: ${what}`, {
        mayStillLand: !neverSent(error),
      });
    return error instanceof Error ? error : new Error(String(error));
  }
  if (status >= 500)
    return new KeycloakUnavailableError(`Keycloak answered ${status}: ${what}`, { mayStillLand: false });
  if (status === 401 || status === 403)
    return new KeycloakAccessError(`Keycloak answered ${status}: ${what}`);
  if (status === 409) return new KeycloakConflictError(`Keycloak answered 409: ${what}`);
  return new KeycloakRejectedError(`Keycloak answered ${status}: ${what}`);
}
