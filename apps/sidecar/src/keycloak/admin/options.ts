// What the Keycloak adapter is built with (admin-adapter.ts); its parts take the fields they use.
import type { CircuitBreaker } from '../circuit-breaker.ts';

export interface AdminAdapterOptions {
  baseUrl: string;
  realm: string;
  clientId: string;
  /** The client secret (client-secret authentication); unused when privateKeyPem is set. */
  clientSecret: string;
  /**
   * PKCS#8 PEM RSA key: the adapter then authenticates with a signed JWT (private_key_jwt, Keycloak's client-jwt)
   * instead of the secret (docs/architecture.md#the-sidecars-service-account).
   */
  privateKeyPem?: string | undefined;
  /** The assertion's `aud`: the realm's issuer as Keycloak names it (its public URL); default `{baseUrl}/realms/{realm}`. */
  assertionAudience?: string | undefined;
  timeoutMs: number;
  /** Delays between attempts of an idempotent read; [] disables retries. */
  readRetryDelaysMs?: number[] | undefined;
  /**
   * The CLIENT_LOGIN detail key that marks a login with the rotated secret. Unset: Keycloak writes no such
   * detail (26.7), so no event says which secret was used (see the sidecar README, "Which secret was used").
   */
  rotatedSecretEventDetail?: string | undefined;
  /** Pauses calls while Keycloak is down; none: every call waits for its own timeout. */
  breaker?: CircuitBreaker | undefined;
  /** Milliseconds left of the current request's deadline (undefined: no deadline). */
  remainingMs?: () => number | undefined;
  /** Told of every call when it ends: its operation (a fixed name), how it ended and its seconds (metrics). */
  observeCall?: (operation: string, outcome: AdminCallOutcome, seconds: number) => void;
}

/** How an admin call ended, as the metrics label it. */
export type AdminCallOutcome =
  'ok' | 'unavailable' | 'refused' | 'conflict' | 'rejected' | 'access-denied' | 'error';
