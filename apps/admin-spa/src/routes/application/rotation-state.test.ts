import { describe, expect, it } from 'vitest';
import type { Secret } from '@credman/api-contract';
import { isoDaysFromNow, secret } from '../../testing/fixtures.ts';
import { ROTATION_STEPS, rotationState, stepProgress } from './rotation-state.ts';

const older = secret({ id: 'old', name: 'Old', createdAt: isoDaysFromNow(-300) });
const newer = secret({ id: 'new', name: 'New', createdAt: isoDaysFromNow(-1) });
/** The same secret with 20 days left: a single live secret is only due for rotation near its expiry. */
const expiring = (s: Secret): Secret => ({ ...s, expiresAt: isoDaysFromNow(20), status: 'expiring' });

describe('rotationState', () => {
  it('given no secret, then the first step is to create one', () => {
    expect(rotationState([])).toEqual({
      current: 'create',
      older: undefined,
      newer: undefined,
      newestIsShortLived: false,
      use: 'unused',
    });
  });

  it('given one live secret, then the next step is creating its replacement', () => {
    const state = rotationState([expiring(older), secret({ id: 'gone', status: 'deleted' })]);
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
    const state = rotationState([{ ...older, status: 'expired' }, expiring(newer)]);
    expect(state).toMatchObject({ current: 'create', older: { id: 'new' } });
  });
});

describe('rotationState over a whole rotation and with a short-lived newest secret', () => {
  const yearLong = secret({
    id: 'long',
    name: 'Long',
    createdAt: isoDaysFromNow(-10),
    expiresAt: isoDaysFromNow(355),
  });

  it('given the old secret deleted and one live secret far from expiry and in use, then the rotation is complete', () => {
    const inUse = { ...yearLong, lastUsedAt: isoDaysFromNow(0) };
    const state = rotationState([inUse, secret({ id: 'old', status: 'deleted' })]);
    expect(state).toMatchObject({ current: 'complete', newer: { id: 'long' }, older: undefined });
    expect(ROTATION_STEPS.map((step) => stepProgress(state, step))).toEqual(['done', 'done', 'done', 'done']);
  });

  it('given a newest secret living 6 days next to a year-long one, then the year-long one is kept and never the one to delete', () => {
    const short = secret({
      id: 'short',
      name: 'Short',
      createdAt: isoDaysFromNow(0),
      expiresAt: isoDaysFromNow(6),
      status: 'expiring',
    });
    const state = rotationState([yearLong, short]);
    expect(state).toMatchObject({ older: { id: 'short' }, newer: { id: 'long' }, newestIsShortLived: true });
    const used = rotationState([{ ...yearLong, lastUsedAt: isoDaysFromNow(0) }, short]);
    expect(used).toMatchObject({ current: 'delete', older: { id: 'short' } });
  });

  it('given two secrets created in order, then the newer one (expiring last) is the replacement', () => {
    const replacement = secret({ id: 'new', createdAt: isoDaysFromNow(0), expiresAt: isoDaysFromNow(365) });
    expect(rotationState([replacement, yearLong])).toMatchObject({
      older: { id: 'long' },
      newer: { id: 'new' },
      newestIsShortLived: false,
    });
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

describe('rotationState: the confirm step waits for a use of the new secret', () => {
  const first = secret({ id: 'first', name: 'First', createdAt: isoDaysFromNow(-1) });

  it('given a first secret never used, then it is not complete: systems still need it, confirm is open', () => {
    const state = rotationState([first]);
    expect(state).toMatchObject({ current: 'update', use: 'unused', newer: { id: 'first' } });
    expect(ROTATION_STEPS.map((step) => stepProgress(state, step))).toEqual([
      'done',
      'current',
      'pending',
      'done',
    ]);
  });

  it('given a first secret used (one live secret: certainly that one), then complete', () => {
    expect(rotationState([{ ...first, lastUsedAt: isoDaysFromNow(0) }]).current).toBe('complete');
  });

  it('given a login Keycloak did not attribute, then confirm stays open until the manager confirms', () => {
    const possible = { ...newer, lastUsedAt: isoDaysFromNow(0), lastUseAmbiguous: true };
    expect(rotationState([older, possible])).toMatchObject({ current: 'confirm', use: 'possible' });
    const confirmed = { ...possible, useConfirmedAt: isoDaysFromNow(0) };
    expect(rotationState([older, confirmed])).toMatchObject({ current: 'delete', use: 'confirmed' });
  });

  it('given a confirmation but no login since the new secret was created, then systems still need updating', () => {
    const unused = { ...newer, useConfirmedAt: isoDaysFromNow(0) };
    expect(rotationState([older, unused])).toMatchObject({ current: 'update', use: 'unused' });
  });

  it('given the extension said the new secret was used, then confirm is done without asking', () => {
    const seen = { ...newer, lastUsedAt: isoDaysFromNow(0), lastUseAmbiguous: false };
    expect(rotationState([older, seen])).toMatchObject({ current: 'delete', use: 'seen' });
  });
});
