// Which of an application's secrets still work, as the console reads the contract's status.
import type { Secret } from '@credman/api-contract';

/** Secrets that still work: the two Keycloak slots hold at most these two. */
export function isLive(secret: Secret): boolean {
  return secret.status === 'active' || secret.status === 'expiring';
}
