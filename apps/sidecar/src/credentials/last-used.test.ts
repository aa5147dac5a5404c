import { epochSeconds } from '@credman/domain';
import { describe, expect, it } from 'vitest';
import type { SecretRecord } from '../store/records/secrets.ts';
import { lastUsedBySecret, occupantsAt, usageBySecret } from './last-used.ts';

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
    createdAt: epochSeconds(createdAt),
    createdBy: actor,
    expiresAt: epochSeconds(expiresAt),
    expiresOn: '',
    state: 'live',
    ...extra,
  };
}

const at = (time: number, ambiguous = false) => ({ at: time, ambiguous });

describe('last used per secret, when Keycloak says which slot was used (26.8+ with the detail key)', () => {
  // old: created at 100, expires 1000; new: created at 500, expires 2000 (takes current at 500).
  const old = record('old', 100, 1000);
  const fresh = record('new', 500, 2000);

  it('given one live secret, then a current-slot event is that secret', () => {
    expect(occupantsAt([old, fresh], 200)).toEqual({ current: old });
    expect(lastUsedBySecret([old, fresh], [{ time: 200_000, usedRotatedSecret: false }])).toEqual(
      new Map([['old', at(200_000)]]),
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
    expect(used).toEqual(
      new Map([
        ['old', at(650_000)],
        ['new', at(700_000)],
      ]),
    );
  });

  it('given a deleted secret, then events after its deletion are not attributed to it', () => {
    const deleted = { ...old, state: 'deleted' as const, endedAt: epochSeconds(800) };
    expect(occupantsAt([deleted, fresh], 900)).toEqual({ current: fresh });
    expect(occupantsAt([deleted, fresh], 700)).toEqual({ current: fresh, rotated: deleted });
    expect(lastUsedBySecret([deleted, fresh], [{ time: 900_000, usedRotatedSecret: true }]).size).toBe(0);
  });
});

describe('last used per secret, when Keycloak does not say which secret was used (26.7)', () => {
  const old = record('old', 100, 1000);
  const fresh = record('new', 500, 2000);

  it('given two live secrets, then a login is a possible use of both, marked ambiguous', () => {
    expect(lastUsedBySecret([old, fresh], [{ time: 600_000, usedRotatedSecret: undefined }])).toEqual(
      new Map([
        ['old', at(600_000, true)],
        ['new', at(600_000, true)],
      ]),
    );
  });

  it('given one live secret at the time of the login, then the login was that secret, not ambiguous', () => {
    const used = lastUsedBySecret(
      [old, fresh],
      [
        { time: 200_000, usedRotatedSecret: undefined },
        { time: 1_500_000, usedRotatedSecret: undefined },
      ],
    );
    // At 1500 s the old secret had expired: only the new one could have been used.
    expect(used).toEqual(
      new Map([
        ['old', at(200_000)],
        ['new', at(1_500_000)],
      ]),
    );
  });

  it('given a secret deleted before the login, then only the secret still live gets it', () => {
    const deleted = { ...old, state: 'deleted' as const, endedAt: epochSeconds(800) };
    expect(lastUsedBySecret([deleted, fresh], [{ time: 900_000, usedRotatedSecret: undefined }])).toEqual(
      new Map([['new', at(900_000)]]),
    );
  });

  it('given the newest login the latest, then it decides, and a definite use beats an ambiguous one at the same instant', () => {
    const used = lastUsedBySecret(
      [old, fresh],
      [
        { time: 300_000, usedRotatedSecret: undefined },
        { time: 700_000, usedRotatedSecret: undefined },
        { time: 700_000, usedRotatedSecret: false },
        { time: 600_000, usedRotatedSecret: undefined },
      ],
    );
    expect(used).toEqual(
      new Map([
        ['old', at(700_000, true)],
        ['new', at(700_000)],
      ]),
    );
  });
});

describe("a secret's usage: counts, addresses and first use", () => {
  // old: created at 100 s, expires 10^6 s; new: created at 500 s, expires 2·10^6 s (current from 500 s).
  const old = record('old', 100, 1_000_000);
  const fresh = record('new', 500, 2_000_000);
  const DAY = 86_400_000;
  const now = 900_000_000;
  const login = (time: number, ip: string, usedRotatedSecret: boolean | undefined) => ({
    time,
    ipAddress: ip,
    usedRotatedSecret,
  });

  it('given the extension says which slot, then each login counts for exactly one secret', () => {
    const events = [
      login(now - 1000, '203.0.113.7', true), // old, in the rotated slot
      login(now - 2 * DAY, '203.0.113.7', true),
      login(now - 3000, '198.51.100.2', false), // new
      login(now - 8 * DAY, '198.51.100.9', false), // new, outside 7 days
    ];
    const usage = usageBySecret([old, fresh], events, now);
    expect(usage.get('old')).toEqual({
      last: { at: now - 1000, ambiguous: false },
      first: { at: now - 2 * DAY, ipAddress: '203.0.113.7', ambiguous: false },
      last24Hours: 1,
      last7Days: 2,
      addresses: ['203.0.113.7'],
      ambiguous: false,
    });
    expect(usage.get('new')).toMatchObject({
      last: { at: now - 3000, ambiguous: false },
      first: { at: now - 8 * DAY, ipAddress: '198.51.100.9' },
      last24Hours: 1,
      last7Days: 1,
      addresses: ['198.51.100.2', '198.51.100.9'],
      ambiguous: false,
    });
  });

  it('given stock 26.7 with two live secrets, then a login counts for both, marked ambiguous', () => {
    const usage = usageBySecret([old, fresh], [login(now - 1000, '203.0.113.7', undefined)], now);
    expect(usage.get('old')).toMatchObject({ last24Hours: 1, ambiguous: true });
    expect(usage.get('new')).toMatchObject({ last24Hours: 1, ambiguous: true, first: { ambiguous: true } });
  });

  it('given logins before the new secret existed, then they are not its first use', () => {
    const usage = usageBySecret([old, fresh], [login(200_000, '203.0.113.7', undefined)], now);
    expect(usage.get('new')).toBeUndefined();
    expect(usage.get('old')?.first).toEqual({ at: 200_000, ipAddress: '203.0.113.7', ambiguous: false });
  });

  it('given many addresses, then at most 10, the newest first', () => {
    const events = Array.from({ length: 12 }, (_, i) => login(now - i * 1000, `192.0.2.${String(i)}`, false));
    const addresses = usageBySecret([fresh], events, now).get('new')?.addresses;
    expect(addresses).toHaveLength(10);
    expect(addresses?.[0]).toBe('192.0.2.0');
  });
});
