import { describe, expect, it } from 'vitest';
import type { SecretRecord } from './metadata.ts';
import { lastUsedBySecret, occupantsAt } from './last-used.ts';

const actor = { id: 'u', username: 'u', name: 'U' };
function record(
  id: string,
  createdAt: number,
  expiresAt: number,
  extra: Partial<SecretRecord> = {},
): SecretRecord {
  return {
    id,
    name: id,
    hint: id.slice(0, 3),
    createdAt,
    createdBy: actor,
    expiresAt,
    expiresOn: '',
    state: 'live',
    ...extra,
  };
}

describe('last used per secret', () => {
  // old: created at 100, expires 1000; new: created at 500, expires 2000 (takes current at 500).
  const old = record('old', 100, 1000);
  const fresh = record('new', 500, 2000);

  it('given one live secret, then a current-slot event is that secret', () => {
    expect(occupantsAt([old, fresh], 200)).toEqual({ current: old });
    expect(lastUsedBySecret([old, fresh], [{ time: 200_000, usedRotatedSecret: false }])).toEqual(
      new Map([['old', 200_000]]),
    );
  });

  it('given both live, then the current slot is the later expiry and the rotated slot the other', () => {
    const used = lastUsedBySecret(
      [old, fresh],
      [
        { time: 600_000, usedRotatedSecret: true },
        { time: 700_000, usedRotatedSecret: false },
        { time: 650_000, usedRotatedSecret: true },
      ],
    );
    expect(used.get('old')).toBe(650_000);
    expect(used.get('new')).toBe(700_000);
  });

  it('given a deleted secret, then events after its deletion are not attributed to it', () => {
    const deleted = { ...old, state: 'deleted' as const, endedAt: 800 };
    expect(occupantsAt([deleted, fresh], 900)).toEqual({ current: fresh });
    expect(occupantsAt([deleted, fresh], 700)).toEqual({ current: fresh, rotated: deleted });
    expect(lastUsedBySecret([deleted, fresh], [{ time: 900_000, usedRotatedSecret: true }]).size).toBe(0);
  });
});
