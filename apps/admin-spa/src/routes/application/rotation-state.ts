// Where an application stands in a rotation (create new → update systems → confirm → delete old, then
// complete), derived from its live secrets only: docs/architecture.md#people-and-roles.
// The secret to keep is the one that lives longest, whatever the order they were created in: the guide never
// advises deleting a longer-lived secret for a shorter-lived one.
import type { Secret } from '../../api/types.ts';
import { isLive } from '../../api/types.ts';

export type RotationStep = 'create' | 'update' | 'confirm' | 'delete';

export const ROTATION_STEPS: readonly RotationStep[] = ['create', 'update', 'confirm', 'delete'];

export interface RotationState {
  /** `complete`: one live secret, far from expiry; nothing to do until it nears its end. */
  current: RotationStep | 'complete';
  /** The secret being replaced (of two live ones, the one that expires first), or the only one nearing expiry. */
  older: Secret | undefined;
  /** The replacement (of two live ones, the one that expires last), or the only one once rotation is complete. */
  newer: Secret | undefined;
  /** The secret created last expires first: it is not a replacement, the longer-lived one stays. */
  newestIsShortLived: boolean;
}

/** By expiry, then by creation: the secret that ends first comes first. */
function byExpiry(a: Secret, b: Secret): number {
  return (
    Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || Date.parse(a.createdAt) - Date.parse(b.createdAt)
  );
}

export function rotationState(secrets: readonly Secret[]): RotationState {
  const live = secrets.filter(isLive).sort(byExpiry);
  const [first, second] = live;
  if (first === undefined)
    return { current: 'create', older: undefined, newer: undefined, newestIsShortLived: false };
  if (second === undefined) {
    return first.status === 'expiring'
      ? { current: 'create', older: first, newer: undefined, newestIsShortLived: false }
      : { current: 'complete', older: undefined, newer: first, newestIsShortLived: false };
  }
  // Once the replacement has been used, systems have switched over and the other one can go. A login Keycloak
  // did not attribute may have been the other secret, so then the manager has to confirm the switch.
  const current =
    second.lastUsedAt === undefined ? 'update' : second.lastUseAmbiguous === true ? 'confirm' : 'delete';
  const newestIsShortLived = Date.parse(first.createdAt) > Date.parse(second.createdAt);
  return { current, older: first, newer: second, newestIsShortLived };
}

/** Steps before the current one are done, the rest are still to come; all are done once rotation is complete. */
export function stepProgress(state: RotationState, step: RotationStep): 'done' | 'current' | 'pending' {
  if (state.current === 'complete') return 'done';
  const index = ROTATION_STEPS.indexOf(step);
  const currentIndex = ROTATION_STEPS.indexOf(state.current);
  if (index < currentIndex) return 'done';
  return index === currentIndex ? 'current' : 'pending';
}
