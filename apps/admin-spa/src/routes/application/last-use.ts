// How a secret's last use reads. Keycloak 26.7 records that the application logged in but not with which of its
// two live secrets, so the sidecar attributes such a login to both and marks it ambiguous; the console says so
// instead of presenting a possible use as a certain one.
import type { Secret } from '../../api/types.ts';
import { formatDateTime } from '../../components/format.ts';

/** The last use is an application login that may have been with the other live secret. */
export function isAmbiguousUse(secret: Secret): boolean {
  return secret.lastUsedAt !== undefined && secret.lastUseAmbiguous === true;
}

/** The "Last used" cell of a secret. */
export function lastUseText(secret: Secret): string {
  if (secret.lastUsedAt === undefined) return 'Unknown';
  const at = formatDateTime(secret.lastUsedAt);
  return isAmbiguousUse(secret)
    ? `An application login at ${at}; Keycloak does not say which of the two live secrets was used.`
    : at;
}
