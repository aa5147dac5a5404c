import { epochSeconds, toSeconds } from '@credman/domain';
import { describe, expect, it } from 'vitest';
import type { SecretRecord, SecretsDocument } from '../store/records/secrets.ts';
import type { RetiredEntry } from '../store/records/retired-secrets.ts';
import { OUTSIDE_CREDMAN } from '../credentials/rotation.ts';
import { UNDELIVERED_MARK_WINDOW_MS } from '../credentials/undelivered.ts';
import { EXPIRED_NOTICE_WINDOW_MS } from './due.ts';
import { recordSent } from './ledger.ts';
import { EMPTY_LEDGER } from '../store/records/ledger.ts';
import type { ReminderLedger } from '../store/records/ledger.ts';
import { nextDueAt } from './next-due.ts';

const ZONE = 'UTC';
const at = (iso: string) => Date.parse(iso);
const seconds = (iso: string) => toSeconds(Date.parse(iso));
const actor = { id: 'u1', username: 'alice', name: 'Alice' };

/** A secret created on 1 January 2027 that works until the end of `expiresOn` (UTC). */
function secret(id: string, expiresOn: string, overrides: Partial<SecretRecord> = {}): SecretRecord {
  return {
    id,
    name: `Secret ${id}`,
    hint: 'xyz',
    createdAt: seconds('2027-01-01T10:00:00Z'),
    createdBy: actor,
    expiresAt: seconds(`${expiresOn}T23:59:59Z`),
    expiresOn,
    state: 'live',
    ...overrides,
  };
}

const doc = (...secrets: SecretRecord[]): SecretsDocument => ({
  schema: 1,
  revision: 1,
  writer: 'w',
  secrets,
});
const sent = (ledger: ReminderLedger, secretId: string, ...ids: string[]) =>
  ids.reduce((l, id) => recordSent(l, secretId, id, epochSeconds(0)), ledger);

function due(
  document: SecretsDocument,
  now: number,
  ledger: ReminderLedger = EMPTY_LEDGER,
  retired: RetiredEntry[] = [],
): string | undefined {
  const next = nextDueAt(
    { document, ledger, retired },
    { zone: ZONE, now, undeliveredWindowMs: UNDELIVERED_MARK_WINDOW_MS },
  );
  return next === undefined ? undefined : new Date(next).toISOString();
}

describe('nextDueAt: reminder milestones', () => {
  const live = secret('a', '2027-06-30');
  it('is the 6-weeks notice while nothing was sent', () => {
    expect(due(doc(live), at('2027-03-01T00:00:00Z'))).toBe('2027-05-19T00:00:00.000Z');
  });
  it('is the 3-weeks notice once the 6-weeks one was sent', () => {
    expect(due(doc(live), at('2027-05-19T01:00:00Z'), sent(EMPTY_LEDGER, 'a', 'before-42'))).toBe(
      '2027-06-09T00:00:00.000Z',
    );
  });
  it('is the first daily notice a week before, then each next day', () => {
    const ledger = sent(EMPTY_LEDGER, 'a', 'before-42', 'before-21');
    expect(due(doc(live), at('2027-06-10T00:00:00Z'), ledger)).toBe('2027-06-23T00:00:00.000Z');
    expect(due(doc(live), at('2027-06-23T08:00:00Z'), sent(ledger, 'a', 'daily:2027-06-23'))).toBe(
      '2027-06-24T00:00:00.000Z',
    );
  });
  it('is the newest due milestone, already past, when notices were missed (a run sends it now)', () => {
    expect(due(doc(live), at('2027-06-12T00:00:00Z'))).toBe('2027-06-09T00:00:00.000Z');
  });
  it('leaves out milestones before the secret was created', () => {
    const short = secret('b', '2027-01-20');
    expect(due(doc(short), at('2027-01-01T10:05:00Z'))).toBe('2027-01-13T00:00:00.000Z');
  });
  it('is the "expired" notice for a secret recorded expired, and nothing once that was sent', () => {
    const expired = secret('a', '2027-06-30', { state: 'expired', endedAt: seconds('2027-07-01T00:00:00Z') });
    const ledger = sent(EMPTY_LEDGER, 'a', 'daily:2027-06-30');
    expect(due(doc(expired), at('2027-07-01T00:00:05Z'), ledger)).toBe('2027-07-01T00:00:00.000Z');
    expect(due(doc(expired), at('2027-07-01T00:00:05Z'), sent(ledger, 'a', 'expired'))).toBeUndefined();
  });
  it('is nothing once the only notice left is an "expired" one older than its window', () => {
    const expired = secret('a', '2027-06-30', { state: 'expired' });
    const late = at('2027-07-01T00:00:00Z') + EXPIRED_NOTICE_WINDOW_MS + 1;
    expect(due(doc(expired), late)).toBeUndefined();
  });
  it('is nothing for deleted and lost secrets', () => {
    const deleted = secret('a', '2027-06-30', { state: 'deleted' });
    const lost = secret('b', '2027-06-30', { state: 'lost' });
    expect(due(doc(deleted, lost), at('2027-03-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('nextDueAt: the sweeper', () => {
  it('is the first second Keycloak refuses a live secret once every notice was sent', () => {
    const ledger = sent(EMPTY_LEDGER, 'a', 'daily:2027-06-30');
    // The "expired" notice falls on the same instant as the expiry to record.
    expect(due(doc(secret('a', '2027-06-30')), at('2027-06-30T08:00:00Z'), ledger)).toBe(
      '2027-07-01T00:00:00.000Z',
    );
  });
  it('is an expiry before the next milestone when the secret expires sooner than its notice', () => {
    // Created 2 days before expiry: the daily notices of its last two days; after the last one, the expiry.
    const short = secret('c', '2027-01-02', { createdAt: seconds('2027-01-01T00:00:00Z') });
    const ledger = sent(EMPTY_LEDGER, 'c', 'daily:2027-01-02');
    expect(due(doc(short), at('2027-01-02T01:00:00Z'), ledger)).toBe('2027-01-03T00:00:00.000Z');
  });
  it('is the undelivered mark window after a create credman made, while that is ahead', () => {
    const created = secret('d', '2027-06-30', { createdAt: seconds('2027-05-25T12:00:00Z') });
    const now = at('2027-05-25T12:00:00Z');
    expect(due(doc(created), now)).toBe(new Date(now + UNDELIVERED_MARK_WINDOW_MS).toISOString());
    // Once a write happens after the window, the mark has been looked at: the next milestone counts.
    expect(due(doc(created), now + UNDELIVERED_MARK_WINDOW_MS + 1)).toBe('2027-06-09T00:00:00.000Z');
  });
  it('has no undelivered check for a secret adopted from outside credman', () => {
    const adopted = secret('e', '2027-06-30', {
      createdAt: seconds('2027-05-25T12:00:00Z'),
      createdBy: OUTSIDE_CREDMAN,
    });
    expect(due(doc(adopted), at('2027-05-25T12:00:00Z'))).toBe('2027-06-09T00:00:00.000Z');
  });
  it('is the second after a retired digest ends, when that comes first', () => {
    const retired: RetiredEntry[] = [
      { id: 'x', salt: 's', sha256: 'h', until: seconds('2027-02-01T00:00:00Z') },
    ];
    expect(due(doc(), at('2027-01-15T00:00:00Z'), EMPTY_LEDGER, retired)).toBe('2027-02-01T00:00:01.000Z');
  });
  it('is nothing for an application without secrets or retired digests', () => {
    expect(due(doc(), at('2027-01-15T00:00:00Z'))).toBeUndefined();
  });
  it('is the earliest event over all secrets', () => {
    const later = secret('a', '2027-09-30');
    const sooner = secret('b', '2027-06-30');
    expect(due(doc(later, sooner), at('2027-03-01T00:00:00Z'))).toBe('2027-05-19T00:00:00.000Z');
  });
});
