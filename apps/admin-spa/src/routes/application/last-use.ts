// How a secret's use reads, in ONE wording for the secrets table and the rotation guide. With credman's Keycloak
// extension every login names the secret it used. Without it (stock Keycloak 26.7) a login while two secrets were
// live may have used either, so the sidecar attributes it to both and marks it ambiguous; the console says so
// instead of presenting a possible use as a certain one. The wording stays true after one of the two is gone.
import type { ApplicationDetail, Secret } from '@credman/api-contract';
import { formatDateTime } from '../../components/format.ts';

/** What the table and the guide say of a secret nobody has been seen using. */
export const NO_USE_SEEN = 'No use seen yet';

/** The last use is an application login that may have been with the other live secret. */
export function isAmbiguousUse(secret: Secret): boolean {
  return secret.lastUsedAt !== undefined && secret.lastUseAmbiguous === true;
}

/** The "Last used" cell of a secret. */
export function lastUseText(secret: Secret): string {
  if (secret.lastUsedAt === undefined) return NO_USE_SEEN;
  const at = formatDateTime(secret.lastUsedAt);
  return isAmbiguousUse(secret)
    ? `Possibly ${at}: a login while two secrets were live, and Keycloak did not say which one it used`
    : at;
}

/** The counts and addresses under the last use: "3 token requests in 24 h, 12 in 7 days, from 203.0.113.7". */
export function usageText(secret: Secret): string | undefined {
  const { usage } = secret;
  if (usage === undefined) return undefined;
  const atLeast = usage.truncated ? 'at least ' : '';
  const requests = (n: number) => `${String(n)} token ${n === 1 ? 'request' : 'requests'}`;
  const from = usage.addresses.length === 0 ? '' : `, from ${usage.addresses.join(', ')}`;
  const possibly = usage.ambiguous ? ' (some possibly with the other secret)' : '';
  return `${atLeast}${requests(usage.last24Hours)} in 24 h, ${atLeast}${String(usage.last7Days)} in 7 days${from}${possibly}`;
}

/** "first used 09:14 from 203.0.113.7" */
export function firstUseText(secret: Secret): string | undefined {
  if (secret.firstUsedAt === undefined) return undefined;
  const from = secret.firstUsedFrom === undefined ? '' : ` from ${secret.firstUsedFrom}`;
  return `first used ${formatDateTime(secret.firstUsedAt)}${from}`;
}

/** A note where last use is shown, when credman cannot tell which secret a login used; else undefined. */
export function attributionNote(
  application: Pick<ApplicationDetail, 'lastUseAttribution'>,
): string | undefined {
  if (application.lastUseAttribution !== 'none') return undefined;
  return "credman's Keycloak extension is not installed, so Keycloak does not say which secret a login used: while two secrets are live, a login counts as a possible use of both.";
}

/** The mark of an ended secret that systems still present. */
export function retiredUseText(secret: Secret): string | undefined {
  const use = secret.retiredUse;
  if (use === undefined) return undefined;
  const times = use.count === 1 ? 'once' : `${String(use.count)} times`;
  const from = use.addresses.length === 0 ? '' : ` from ${use.addresses.join(', ')}`;
  return `Still presented: Keycloak refused it ${times} since ${formatDateTime(use.firstAt)}${from}, last ${formatDateTime(use.lastAt)}. Update those systems to the current secret.`;
}
