import { describe, expect, it } from 'vitest';
import { epochSeconds } from '@credman/domain';
import type { SecretRecord, SecretsDocument } from '../store/records/secrets.ts';
import { summarise } from './summary.ts';

const DAY_S = 86_400;
const NOW = 1_900_000_000_000;
const NOW_S = NOW / 1000;
const actor = { id: 'u', username: 'u', name: 'U' };

function secret(id: string, endsInDays: number, state: SecretRecord['state'] = 'live'): SecretRecord {
  return {
    id,
    name: id,
    hint: 'abc',
    createdAt: epochSeconds(NOW_S - 100 * DAY_S),
    createdBy: actor,
    // The last valid second: the secret ends one second later.
    expiresAt: epochSeconds(NOW_S + endsInDays * DAY_S - 1),
    expiresOn: '2030-01-01',
    state,
  };
}

const doc = (...secrets: SecretRecord[]): SecretsDocument => ({
  schema: 1,
  revision: 1,
  writer: 'w',
  secrets,
});

describe('summarise', () => {
  const summary = summarise(
    [
      // Rotating: the old secret has a successor, so only the new one counts (in week 9, not expiring).
      {
        clientId: 'C-rotating',
        sandboxOnly: false,
        document: doc(secret('old', 3), secret('new', 60)),
        managers: 2,
      },
      // Its only secret ends within 7 days (so within 30 too).
      { clientId: 'B-soon', sandboxOnly: true, document: doc(secret('only', 6.5)), managers: 1 },
      // Ends in 20 days: 30 only.
      { clientId: 'A-later', sandboxOnly: false, document: doc(secret('only', 20)), managers: 3 },
      // Expired 10 days ago (recorded), nothing live: expired and no live secret.
      {
        clientId: 'D-expired',
        sandboxOnly: false,
        document: doc(secret('gone', -10, 'expired')),
        managers: 2,
      },
      // Expired long ago: only no live secret.
      {
        clientId: 'E-long-ago',
        sandboxOnly: false,
        document: doc(secret('gone', -90, 'expired')),
        managers: 2,
      },
      // Live in the record but past its end (not swept yet): expired.
      { clientId: 'F-unswept', sandboxOnly: false, document: doc(secret('late', -1)), managers: 2 },
      { clientId: 'G-damaged', sandboxOnly: false, document: undefined, managers: 0 },
    ],
    { startedAt: NOW, endedAt: NOW + 1500 },
  );

  it('counts secrets expiring without a successor, and applications by condition', () => {
    expect(summary.counts).toEqual({
      applications: 7,
      needingAction: 6,
      expiringWithoutSuccessor7d: 1,
      expiringWithoutSuccessor30d: 2,
      expired: 2,
      noLiveSecret: 3,
      fewerThanTwoManagers: 2,
      retiredSecretsPresented: 0,
      damaged: 1,
    });
    expect(summary.scannedAt).toBe(NOW + 1500);
    expect(summary.durationMs).toBe(1500);
  });

  it('gives each application its reasons, sorted by client ID', () => {
    expect(summary.applications.map((app) => [app.clientId, app.reasons])).toEqual([
      ['A-later', ['expiring-without-successor']],
      ['B-soon', ['expiring-without-successor', 'fewer-than-two-managers']],
      ['C-rotating', []],
      ['D-expired', ['expired', 'no-live-secret']],
      ['E-long-ago', ['no-live-secret']],
      ['F-unswept', ['expired', 'no-live-secret']],
      ['G-damaged', ['damaged', 'fewer-than-two-managers']],
    ]);
    const soon = summary.applications.find((app) => app.clientId === 'B-soon');
    expect(soon).toMatchObject({
      sandboxOnly: true,
      managers: 1,
      liveSecrets: 1,
      expiringAt: NOW + 6.5 * DAY_S * 1000,
    });
  });

  it('buckets live secrets into 12 weeks from the scan, with and without a successor', () => {
    expect(summary.weeks).toHaveLength(12);
    expect(summary.weeks[0]).toEqual({ from: NOW, withSuccessor: 1, withoutSuccessor: 1 });
    expect(summary.weeks[2]).toMatchObject({ withSuccessor: 0, withoutSuccessor: 1 });
    expect(summary.weeks[8]).toMatchObject({ withSuccessor: 0, withoutSuccessor: 1 });
    const total = summary.weeks.reduce((sum, week) => sum + week.withSuccessor + week.withoutSuccessor, 0);
    expect(total).toBe(4);
  });
});

describe('summarise: ended secrets still presented', () => {
  const presented = (id: string, lastPresentedDaysAgo: number): SecretRecord => ({
    ...secret(id, -20, 'deleted'),
    retiredUse: {
      firstAt: epochSeconds(NOW_S - 19 * DAY_S),
      lastAt: epochSeconds(NOW_S - lastPresentedDaysAgo * DAY_S),
      count: 3,
      addresses: ['192.0.2.7'],
      lastEventMs: NOW - lastPresentedDaysAgo * DAY_S * 1000,
    },
  });
  const summary = summarise(
    [
      // Rotated properly, but some system still presents the deleted secret: needs action.
      {
        clientId: 'A-forgotten-system',
        sandboxOnly: false,
        document: doc(secret('new', 200), presented('old', 2), presented('older', 6.9)),
        managers: 2,
      },
      // Last presented 8 days ago: that system has stopped (or was fixed).
      {
        clientId: 'B-stopped',
        sandboxOnly: false,
        document: doc(secret('new', 200), presented('old', 8)),
        managers: 2,
      },
    ],
    { startedAt: NOW, endedAt: NOW + 10 },
  );

  it('counts the secrets presented within 7 days and gives their application a reason', () => {
    expect(summary.counts).toMatchObject({ applications: 2, needingAction: 1, retiredSecretsPresented: 2 });
    expect(summary.applications.map((app) => [app.clientId, app.reasons])).toEqual([
      ['A-forgotten-system', ['retired-secret-presented']],
      ['B-stopped', []],
    ]);
  });
});
