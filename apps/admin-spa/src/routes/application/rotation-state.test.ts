import { describe, expect, it } from 'vitest';
import { isoDaysFromNow, secret } from '../../testing/fixtures.ts';
import { rotationState, stepProgress } from './rotation-state.ts';

const older = secret({ id: 'old', name: 'Old', createdAt: isoDaysFromNow(-300) });
const newer = secret({ id: 'new', name: 'New', createdAt: isoDaysFromNow(-1) });

describe('rotationState', () => {
  it('given no secret, then the first step is to create one', () => {
    expect(rotationState([])).toEqual({ current: 'create', older: undefined, newer: undefined });
  });

  it('given one live secret, then the next step is creating its replacement', () => {
    const state = rotationState([older, secret({ id: 'gone', status: 'deleted' })]);
    expect(state.current).toBe('create');
    expect(state.older?.id).toBe('old');
  });

  it('given two live secrets and the newer unused, then systems still need updating', () => {
    // Listed newest first on purpose: the order comes from createdAt, not from the array.
    const state = rotationState([newer, older]);
    expect(state).toMatchObject({ current: 'update', older: { id: 'old' }, newer: { id: 'new' } });
  });

  it('given the newer secret has been used, then the old one can be deleted', () => {
    const state = rotationState([older, { ...newer, lastUsedAt: isoDaysFromNow(0) }]);
    expect(state.current).toBe('delete');
  });

  it('given the newer secret possibly used (Keycloak did not say which), then the switch is for the manager to confirm', () => {
    const state = rotationState([older, { ...newer, lastUsedAt: isoDaysFromNow(0), lastUseAmbiguous: true }]);
    expect(state.current).toBe('confirm');
    expect(
      rotationState([older, { ...newer, lastUsedAt: isoDaysFromNow(0), lastUseAmbiguous: false }]).current,
    ).toBe('delete');
  });

  it('given an expired secret next to a live one, then only the live one counts', () => {
    const state = rotationState([{ ...older, status: 'expired' }, newer]);
    expect(state).toMatchObject({ current: 'create', older: { id: 'new' } });
  });
});

describe('stepProgress', () => {
  it('given the update step is current, then create is done and confirm and delete are pending', () => {
    const state = rotationState([older, newer]);
    expect(['create', 'update', 'confirm', 'delete'].map((s) => stepProgress(state, s as never))).toEqual([
      'done',
      'current',
      'pending',
      'pending',
    ]);
  });
});
