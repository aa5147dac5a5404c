// Where an application stands in a rotation (create new → update systems → confirm → delete old, then
// complete), derived from its live secrets only: docs/architecture.md#people-and-roles.
// The secret to keep is the one that lives longest, whatever the order they were created in: the guide never
// advises deleting a longer-lived secret for a shorter-lived one.
import type { Secret } from '@credman/api-contract';
import { isLive } from '../../api/live-secret.ts';

export type RotationStep = 'create' | 'update' | 'confirm' | 'delete';

export const ROTATION_STEPS: readonly RotationStep[] = ['create', 'update', 'confirm', 'delete'];

export interface RotationState {
  /** `complete`: one live secret, seen in use and far from expiry; nothing to do until it nears its end. */
  current: RotationStep | 'complete';
  /** The secret being replaced (of two live ones, the one that expires first), or the only one nearing expiry. */
  older: Secret | undefined;
  /** The replacement (of two live ones, the one that expires last), or the only live one otherwise. */
  newer: Secret | undefined;
  /** The secret created last expires first: it is not a replacement, the longer-lived one stays. */
  newestIsShortLived: boolean;
  /**
   * How far the replacement's use is known: `unused` (no login seen since its creation), `possible` (a login
   * Keycloak did not attribute: the manager has to confirm), `confirmed` (such a login and the manager's
   * confirmation), `seen` (Keycloak said this secret was used).
   */
  use: 'unused' | 'possible' | 'confirmed' | 'seen';
}

/** What is known of a secret's use since its creation (docs/architecture.md#last-use-per-secret). */
export function useOf(secret: Secret): RotationState['use'] {
  if (secret.lastUsedAt === undefined || Date.parse(secret.lastUsedAt) < Date.parse(secret.createdAt))
    return 'unused';
  if (secret.lastUseAmbiguous !== true) return 'seen';
  return secret.useConfirmedAt === undefined ? 'possible' : 'confirmed';
}

/** By expiry, then by creation: the secret that ends first comes first. */
function byExpiry(a: Secret, b: Secret): number {
  return (
    Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || Date.parse(a.createdAt) - Date.parse(b.createdAt)
  );
}

const USED = new Set<RotationState['use']>(['seen', 'confirmed']);

export function rotationState(secrets: readonly Secret[]): RotationState {
  const live = secrets.filter(isLive).sort(byExpiry);
  const [first, second] = live;
  if (first === undefined)
    return {
      current: 'create',
      older: undefined,
      newer: undefined,
      newestIsShortLived: false,
      use: 'unused',
    };
  if (second === undefined) {
    if (first.status === 'expiring')
      return {
        current: 'create',
        older: first,
        newer: undefined,
        newestIsShortLived: false,
        use: useOf(first),
      };
    // The only live secret: complete only once a system used it (a first secret never used is not in place).
    // With one live secret a login is certainly that secret, so "seen" needs no confirmation.
    const use = useOf(first);
    return {
      current: USED.has(use) ? 'complete' : use === 'possible' ? 'confirm' : 'update',
      older: undefined,
      newer: first,
      newestIsShortLived: false,
      use,
    };
  }
  // The replacement counts as in use once Keycloak said so (credman's extension), or once a login after its
  // creation was seen AND the manager confirmed it (Keycloak could not say which secret the login used).
  const use = useOf(second);
  const current = use === 'unused' ? 'update' : USED.has(use) ? 'delete' : 'confirm';
  const newestIsShortLived = Date.parse(first.createdAt) > Date.parse(second.createdAt);
  return { current, older: first, newer: second, newestIsShortLived, use };
}

/** Steps before the current one are done, the rest are still to come; all are done once rotation is complete. */
export function stepProgress(state: RotationState, step: RotationStep): 'done' | 'current' | 'pending' {
  if (state.current === 'complete') return 'done';
  // The only live secret: there is no old one left to delete.
  if (step === 'delete' && state.older === undefined && state.newer !== undefined) return 'done';
  const index = ROTATION_STEPS.indexOf(step);
  const currentIndex = ROTATION_STEPS.indexOf(state.current);
  if (index < currentIndex) return 'done';
  return index === currentIndex ? 'current' : 'pending';
}
