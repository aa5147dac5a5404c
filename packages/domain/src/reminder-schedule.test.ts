import { describe, expect, it } from 'vitest';
import { dueReminder, reminderMilestones, type ReminderMilestone } from './reminder-schedule.ts';
import { expiryInstant } from './secret-policy.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string): number => Date.parse(iso);
const iso = (millis: number): string => new Date(millis).toISOString().replace('.000Z', 'Z');

interface Secret {
  createdAt: number;
  expiresAt: number;
  zone: string;
}

interface Sent {
  id: string;
  sentAt: number;
  dueAt: number;
  runIndex: number;
}

/** Runs the reminder job at each given time, feeding every sent id back into the ledger like the sidecar does. */
function simulate(secret: Secret, runTimes: readonly number[]): Sent[] {
  const ledger: string[] = [];
  const sent: Sent[] = [];
  runTimes.forEach((now, runIndex) => {
    const notice = dueReminder({ ...secret, now, sent: ledger, newerLiveSecret: false });
    if (notice === null) return;
    ledger.push(notice.id);
    sent.push({ id: notice.id, sentAt: now, dueAt: notice.dueAt, runIndex });
  });
  return sent;
}

function hourlyRuns(from: number, days: number): number[] {
  return Array.from({ length: days * 24 + 1 }, (_, hour) => from + hour * HOUR);
}

/** mulberry32: a tiny seeded PRNG, so a failing seed reproduces exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Runs separated by random gaps between one minute and three days. */
function randomRuns(from: number, days: number, seed: number): number[] {
  const random = seededRandom(seed);
  const runs: number[] = [];
  for (let now = from; now <= from + days * DAY; now += 60_000 + Math.floor(random() * (3 * DAY - 60_000)))
    runs.push(now);
  return runs;
}

const asPairs = (sent: Sent[]): [string, string][] => sent.map(({ id, sentAt }) => [id, iso(sentAt)]);

describe('reminderMilestones', () => {
  it('lists before-42, before-21, eight dailies and expired, ordered by due time', () => {
    const milestones = reminderMilestones(
      at('2027-01-10T09:00:00Z'),
      expiryInstant('2028-01-10', 'UTC'),
      'UTC',
    );
    expect(milestones.map(({ id, kind, dueAt }) => [id, kind, iso(dueAt)])).toEqual([
      ['before-42', 'before-42', '2027-11-29T00:00:00Z'],
      ['before-21', 'before-21', '2027-12-20T00:00:00Z'],
      ['daily:2028-01-03', 'daily', '2028-01-03T00:00:00Z'],
      ['daily:2028-01-04', 'daily', '2028-01-04T00:00:00Z'],
      ['daily:2028-01-05', 'daily', '2028-01-05T00:00:00Z'],
      ['daily:2028-01-06', 'daily', '2028-01-06T00:00:00Z'],
      ['daily:2028-01-07', 'daily', '2028-01-07T00:00:00Z'],
      ['daily:2028-01-08', 'daily', '2028-01-08T00:00:00Z'],
      ['daily:2028-01-09', 'daily', '2028-01-09T00:00:00Z'],
      ['daily:2028-01-10', 'daily', '2028-01-10T00:00:00Z'],
      ['expired', 'expired', '2028-01-11T00:00:00Z'],
    ]);
  });

  it('falls on local midnights across a DST change (Europe/Amsterdam, 2027-10-31)', () => {
    const milestones = reminderMilestones(
      at('2027-01-01T00:00:00Z'),
      expiryInstant('2027-11-01', 'Europe/Amsterdam'),
      'Europe/Amsterdam',
    );
    expect(milestones.slice(-4).map(({ id, dueAt }) => [id, iso(dueAt)])).toEqual([
      ['daily:2027-10-30', '2027-10-29T22:00:00Z'],
      ['daily:2027-10-31', '2027-10-30T22:00:00Z'], // the 25-hour day starts in summer time
      ['daily:2027-11-01', '2027-10-31T23:00:00Z'],
      ['expired', '2027-11-01T23:00:00Z'],
    ]);
  });

  it('leaves out milestones due before the secret was created', () => {
    // Created 30 days before the expiry date: no "42 days left" notice, but the 21-day one still comes.
    const milestones = reminderMilestones(
      at('2027-06-01T08:00:00Z'),
      expiryInstant('2027-07-01', 'UTC'),
      'UTC',
    );
    expect(milestones.map((milestone) => milestone.id)).toEqual([
      'before-21',
      ...['06-24', '06-25', '06-26', '06-27', '06-28', '06-29', '06-30', '07-01'].map(
        (day) => `daily:2027-${day}`,
      ),
      'expired',
    ]);
  });

  it('stays correct for many different secrets (bounded memo)', () => {
    const expiresAt = expiryInstant('2027-07-01', 'UTC');
    for (let minute = 0; minute < 1500; minute++) {
      const milestones = reminderMilestones(at('2027-05-25T00:00:00Z') + minute * 60_000, expiresAt, 'UTC');
      // before-42 (due 05-20) never applies, before-21 (due 06-10) always does.
      expect(milestones.map((milestone) => milestone.id).slice(0, 2)).toEqual([
        'before-21',
        'daily:2027-06-24',
      ]);
      expect(milestones).toHaveLength(10);
    }
  });

  it('keeps a milestone due exactly at creation', () => {
    const milestones = reminderMilestones(
      at('2027-06-10T00:00:00Z'),
      expiryInstant('2027-07-01', 'UTC'),
      'UTC',
    );
    expect(milestones[0]?.id).toBe('before-21');
  });
});

describe('dueReminder', () => {
  const secret: Secret = {
    createdAt: at('2027-01-10T09:00:00Z'),
    expiresAt: expiryInstant('2028-01-10', 'UTC'),
    zone: 'UTC',
  };

  it('is null before the first milestone', () => {
    expect(
      dueReminder({ ...secret, now: at('2027-11-28T23:59:59Z'), sent: [], newerLiveSecret: false }),
    ).toBeNull();
  });

  it('carries id, kind, due time, days left and whether a replacement exists', () => {
    expect(
      dueReminder({ ...secret, now: new Date('2027-11-29T06:00:00Z'), sent: [], newerLiveSecret: true }),
    ).toEqual({
      id: 'before-42',
      kind: 'before-42',
      dueAt: at('2027-11-29T00:00:00Z'),
      daysLeft: 42,
      replacementExists: true,
    });
  });

  it('reports the days left at sending time when a notice goes out late', () => {
    const notice = dueReminder({
      ...secret,
      now: at('2027-12-22T10:00:00Z'),
      sent: ['before-42'],
      newerLiveSecret: false,
    });
    expect(notice).toMatchObject({ id: 'before-21', daysLeft: 19, replacementExists: false });
  });

  it('sends a due milestone only once', () => {
    expect(
      dueReminder({
        ...secret,
        now: at('2027-11-30T00:00:00Z'),
        sent: ['before-42'],
        newerLiveSecret: false,
      }),
    ).toBeNull();
  });

  it('after a gap sends only the newest due milestone', () => {
    const notice = dueReminder({
      ...secret,
      now: at('2028-01-05T12:00:00Z'),
      sent: ['before-42'],
      newerLiveSecret: false,
    });
    expect(notice?.id).toBe('daily:2028-01-05');
  });

  it('never sends a skipped milestone later', () => {
    const sent = ['before-42', 'daily:2028-01-05'];
    expect(
      dueReminder({ ...secret, now: at('2028-01-05T23:00:00Z'), sent, newerLiveSecret: false }),
    ).toBeNull();
    expect(
      dueReminder({ ...secret, now: at('2028-01-06T00:00:00Z'), sent, newerLiveSecret: false })?.id,
    ).toBe('daily:2028-01-06');
  });

  it('ignores ledger entries that are not milestones of this secret', () => {
    const notice = dueReminder({
      ...secret,
      now: at('2027-11-29T00:00:00Z'),
      sent: ['daily:1999-01-01', 'unknown'],
      newerLiveSecret: false,
    });
    expect(notice?.id).toBe('before-42');
  });

  it('sends the expired notice from the first second the secret no longer works', () => {
    const sent = ['before-42', 'before-21', 'daily:2028-01-10'];
    expect(dueReminder({ ...secret, now: secret.expiresAt + 999, sent, newerLiveSecret: false })).toBeNull();
    expect(
      dueReminder({ ...secret, now: secret.expiresAt + 1000, sent, newerLiveSecret: false }),
    ).toMatchObject({
      id: 'expired',
      kind: 'expired',
      daysLeft: -1,
    });
    expect(
      dueReminder({
        ...secret,
        now: secret.expiresAt + 30 * DAY,
        sent: [...sent, 'expired'],
        newerLiveSecret: false,
      }),
    ).toBeNull();
  });
});

describe('a whole secret life with an hourly reminder run', () => {
  it('in UTC: every notice at the first run at or after its due time', () => {
    const createdAt = at('2027-01-10T09:00:00Z');
    const secret = { createdAt, expiresAt: expiryInstant('2028-01-10', 'UTC'), zone: 'UTC' };
    expect(asPairs(simulate(secret, hourlyRuns(createdAt, 400)))).toEqual([
      ['before-42', '2027-11-29T00:00:00Z'],
      ['before-21', '2027-12-20T00:00:00Z'],
      ['daily:2028-01-03', '2028-01-03T00:00:00Z'],
      ['daily:2028-01-04', '2028-01-04T00:00:00Z'],
      ['daily:2028-01-05', '2028-01-05T00:00:00Z'],
      ['daily:2028-01-06', '2028-01-06T00:00:00Z'],
      ['daily:2028-01-07', '2028-01-07T00:00:00Z'],
      ['daily:2028-01-08', '2028-01-08T00:00:00Z'],
      ['daily:2028-01-09', '2028-01-09T00:00:00Z'],
      ['daily:2028-01-10', '2028-01-10T00:00:00Z'],
      ['expired', '2028-01-11T00:00:00Z'],
    ]);
  });

  it('in Europe/Amsterdam, with the dailies crossing the end of summer time', () => {
    const createdAt = at('2026-11-05T09:30:00Z');
    const secret = {
      createdAt,
      expiresAt: expiryInstant('2027-11-03', 'Europe/Amsterdam'),
      zone: 'Europe/Amsterdam',
    };
    expect(asPairs(simulate(secret, hourlyRuns(createdAt, 400)))).toEqual([
      ['before-42', '2027-09-21T22:30:00Z'],
      ['before-21', '2027-10-12T22:30:00Z'],
      ['daily:2027-10-27', '2027-10-26T22:30:00Z'],
      ['daily:2027-10-28', '2027-10-27T22:30:00Z'],
      ['daily:2027-10-29', '2027-10-28T22:30:00Z'],
      ['daily:2027-10-30', '2027-10-29T22:30:00Z'],
      ['daily:2027-10-31', '2027-10-30T22:30:00Z'],
      ['daily:2027-11-01', '2027-10-31T23:30:00Z'],
      ['daily:2027-11-02', '2027-11-01T23:30:00Z'],
      ['daily:2027-11-03', '2027-11-02T23:30:00Z'],
      ['expired', '2027-11-03T23:30:00Z'],
    ]);
  });

  it('in America/New_York, with the dailies crossing the start of summer time', () => {
    const createdAt = at('2026-03-20T14:15:00Z');
    const secret = {
      createdAt,
      expiresAt: expiryInstant('2027-03-16', 'America/New_York'),
      zone: 'America/New_York',
    };
    expect(asPairs(simulate(secret, hourlyRuns(createdAt, 400)))).toEqual([
      ['before-42', '2027-02-02T05:15:00Z'],
      ['before-21', '2027-02-23T05:15:00Z'],
      ['daily:2027-03-09', '2027-03-09T05:15:00Z'],
      ['daily:2027-03-10', '2027-03-10T05:15:00Z'],
      ['daily:2027-03-11', '2027-03-11T05:15:00Z'],
      ['daily:2027-03-12', '2027-03-12T05:15:00Z'],
      ['daily:2027-03-13', '2027-03-13T05:15:00Z'],
      ['daily:2027-03-14', '2027-03-14T05:15:00Z'],
      ['daily:2027-03-15', '2027-03-15T04:15:00Z'],
      ['daily:2027-03-16', '2027-03-16T04:15:00Z'],
      ['expired', '2027-03-17T04:15:00Z'],
    ]);
  });

  it('a secret created 10 days before expiry gets only the dailies and the expired notice', () => {
    const createdAt = at('2027-03-04T12:00:00Z');
    const secret = { createdAt, expiresAt: expiryInstant('2027-03-14', 'UTC'), zone: 'UTC' };
    expect(asPairs(simulate(secret, hourlyRuns(createdAt, 20)))).toEqual([
      ...['07', '08', '09', '10', '11', '12', '13', '14'].map((day): [string, string] => [
        `daily:2027-03-${day}`,
        `2027-03-${day}T00:00:00Z`,
      ]),
      ['expired', '2027-03-15T00:00:00Z'],
    ]);
  });

  it('a secret created within the daily week skips the dailies due before its creation', () => {
    const createdAt = at('2027-03-09T12:00:00Z'); // 07:00 in New York: daily:2027-03-09 was due at 00:00
    const secret = {
      createdAt,
      expiresAt: expiryInstant('2027-03-14', 'America/New_York'),
      zone: 'America/New_York',
    };
    expect(asPairs(simulate(secret, hourlyRuns(createdAt, 20)))).toEqual([
      ['daily:2027-03-10', '2027-03-10T05:00:00Z'],
      ['daily:2027-03-11', '2027-03-11T05:00:00Z'],
      ['daily:2027-03-12', '2027-03-12T05:00:00Z'],
      ['daily:2027-03-13', '2027-03-13T05:00:00Z'],
      ['daily:2027-03-14', '2027-03-14T05:00:00Z'],
      ['expired', '2027-03-15T04:00:00Z'],
    ]);
  });
});

describe('a whole secret life with runs at random gaps of up to three days', () => {
  const cases = [1, 7, 42, 2027, 987_654].flatMap((seed) =>
    [
      { zone: 'UTC', createdAt: '2027-01-10T09:00:00Z', expiryDate: '2028-01-10' },
      { zone: 'Europe/Amsterdam', createdAt: '2026-11-05T09:30:00Z', expiryDate: '2027-11-03' },
      { zone: 'Pacific/Auckland', createdAt: '2027-02-01T03:00:00Z', expiryDate: '2027-12-24' },
    ].map((secret) => ({ seed, ...secret })),
  );

  it.each(cases)('seed $seed in $zone', ({ seed, zone, createdAt, expiryDate }) => {
    const secret = { createdAt: at(createdAt), expiresAt: expiryInstant(expiryDate, zone), zone };
    const runs = randomRuns(secret.createdAt, 400, seed);
    const milestones = reminderMilestones(secret.createdAt, secret.expiresAt, zone);
    const sent = simulate(secret, runs);

    const ids = sent.map((notice) => notice.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [index, notice] of sent.entries()) {
      expect(notice.dueAt).toBeLessThanOrEqual(notice.sentAt);
      const previous = sent[index - 1];
      if (previous !== undefined) {
        expect(notice.sentAt).toBeGreaterThan(previous.sentAt);
        expect(notice.dueAt).toBeGreaterThan(previous.dueAt);
      }
    }
    expect(ids.at(-1)).toBe('expired');

    // Run by run: a run sends exactly the newest milestone that became due since the previous run, if any.
    const sentByRun = new Map(sent.map((notice) => [notice.runIndex, notice.id]));
    runs.forEach((now, runIndex) => {
      const previousRun = runs[runIndex - 1] ?? -Infinity;
      const newlyDue = milestones.filter(
        (milestone: ReminderMilestone) => milestone.dueAt > previousRun && milestone.dueAt <= now,
      );
      expect(sentByRun.get(runIndex)).toBe(newlyDue.at(-1)?.id);
    });
  });
});
