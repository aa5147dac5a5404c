// One rule for the expiry banner and the list's expiry column, so they agree: a secret expiring within 30 days
// without a successor needs action (create the replacement); one whose application already holds a second live
// secret (which expires no earlier: nearestExpiry is the first to end) is a rotation in progress.
import type { ApplicationSummary } from '@credman/api-contract';

export type ExpiryState = 'expiring-without-successor' | 'rotation-in-progress' | 'fine';

export function expiryState(application: ApplicationSummary): ExpiryState {
  if (application.nearestExpiry?.status !== 'expiring') return 'fine';
  return application.liveSecrets >= 2 ? 'rotation-in-progress' : 'expiring-without-successor';
}
