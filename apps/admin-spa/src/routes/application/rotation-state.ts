// Where an application stands in a rotation (create new → update systems → confirm → delete old),
// derived from its live secrets only: docs/architecture.md#people-and-roles.
import type { Secret } from '../../api/types.ts';
import { isLive } from '../../api/types.ts';

export type RotationStep = 'create' | 'update' | 'confirm' | 'delete';

export const ROTATION_STEPS: readonly RotationStep[] = ['create', 'update', 'confirm', 'delete'];

export interface RotationState {
  current: RotationStep;
  /** The secret being replaced (the older live one), when there is one. */
  older: Secret | undefined;
  /** The replacement, once created. */
  newer: Secret | undefined;
}

export function rotationState(secrets: readonly Secret[]): RotationState {
  const live = secrets.filter(isLive).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const [first, second] = live;
  if (second === undefined) return { current: 'create', older: first, newer: undefined };
  // Once the new secret has been used, systems have switched over and the old one can go. A login Keycloak did
  // not attribute may have been the old secret, so then the manager has to confirm the switch.
  const current =
    second.lastUsedAt === undefined ? 'update' : second.lastUseAmbiguous === true ? 'confirm' : 'delete';
  return { current, older: first, newer: second };
}

/** Steps before the current one are done, the rest are still to come. */
export function stepProgress(state: RotationState, step: RotationStep): 'done' | 'current' | 'pending' {
  const index = ROTATION_STEPS.indexOf(step);
  const currentIndex = ROTATION_STEPS.indexOf(state.current);
  if (index < currentIndex) return 'done';
  return index === currentIndex ? 'current' : 'pending';
}
