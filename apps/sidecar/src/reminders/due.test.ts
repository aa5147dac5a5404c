import { epochSeconds, plusSeconds, toSeconds } from '@credman/domain';
import { describe, expect, it } from 'vitest';
import type { SecretRecord, SecretsDocument } from '../store/records/secrets.ts';
import { EXPIRED_NOTICE_WINDOW_MS, dueNotices } from './due.ts';
import { recordSent as recordSentAt } from './ledger.ts';
import { EMPTY_LEDGER } from '../store/records/ledger.ts';
import type { ReminderLedger } from '../store/records/ledger.ts';

const ZONE = 'Europe/Amsterdam';
const actor = { id: 'u1', username: 'alice', name: 'Alice' };
const at = (iso: string) => Date.parse(iso);
const seconds = (iso: string) => toSeconds(Date.parse(iso));
// Sent times in these cases are plain numbers; the ledger takes epoch seconds.
const recordSent = (ledger: ReminderLedger, secretId: string, noticeId: string, sentAt: number) =>
  recordSentAt(ledger, secretId, noticeId, epochSeconds(sentAt));

function secret(id: string, expiresOn: string, overrides: Partial<SecretRecord> = {}): SecretRecord {
  return {
    id,
    name: `Secret ${id}`,
    hint: 'xyz',
    createdAt: seconds('2027-01-01T10:00:00Z'),
    createdBy: actor,
    // End of the day in Amsterdam (CEST in summer): 21:59:59 UTC.
    expiresAt: seconds(`${expiresOn}T21:59:59Z`),
    expiresOn,
    state: 'live',
    ...overrides,
  };
}

function doc(...secrets: SecretRecord[]): SecretsDocument {
  return { schema: 1, revision: 1, writer: 'w', secrets };
}

const due = (document: SecretsDocument, now: number, ledger: ReminderLedger = EMPTY_LEDGER) =>
  dueNotices({ document, ledger, now, zone: ZONE }).map((d) => ({
    secret: d.secret.id,
    notice: d.notice.id,
    newer: d.newer?.id,
  }));

describe('dueNotices', () => {
  it('given one secret, then the newest due milestone is due until the ledger has it', () => {
    const one = doc(secret('a', '2027-06-30'));
    expect(due(one, at('2027-05-18T21:59:00Z'))).toEqual([]); // 23:59 on 18 May, the day before D-42
    expect(due(one, at('2027-05-18T22:00:00Z'))).toEqual([
      { secret: 'a', notice: 'before-42', newer: undefined },
    ]);
    const ledger = recordSent(EMPTY_LEDGER, 'a', 'before-42', 1);
    expect(due(one, at('2027-06-08T12:00:00Z'), ledger)).toEqual([]);
    expect(due(one, at('2027-06-26T08:00:00Z'), ledger)).toEqual([
      { secret: 'a', notice: 'daily:2027-06-26', newer: undefined },
    ]);
  });

  it('given a second secret that expires later, then the older one gets the "newer secret" variant and the newer one none', () => {
    const two = doc(secret('old', '2027-06-30'), secret('new', '2027-12-31'));
    expect(due(two, at('2027-06-28T08:00:00Z'))).toEqual([
      { secret: 'old', notice: 'daily:2027-06-28', newer: 'new' },
    ]);
  });

  it('given deleted and lost secrets, then they never get a notice', () => {
    const ended = doc(
      secret('d', '2027-06-30', { state: 'deleted', endedAt: seconds('2027-06-01T00:00:00Z') }),
      secret('l', '2027-06-30', { state: 'lost', endedAt: seconds('2027-06-01T00:00:00Z') }),
    );
    expect(due(ended, at('2027-06-29T08:00:00Z'))).toEqual([]);
  });

  it('given a secret past its expiry, swept or not, then "expired" is due once and only within its window', () => {
    const live = secret('a', '2027-06-30');
    const swept = { ...live, state: 'expired' as const, endedAt: plusSeconds(live.expiresAt, 1) };
    const firstSecond = (live.expiresAt + 1) * 1000;
    expect(due(doc(live), firstSecond - 1000)).toEqual([
      { secret: 'a', notice: 'daily:2027-06-30', newer: undefined },
    ]);
    expect(due(doc(live), firstSecond)).toEqual([{ secret: 'a', notice: 'expired', newer: undefined }]);
    expect(due(doc(swept), firstSecond + 3_600_000)).toEqual([
      { secret: 'a', notice: 'expired', newer: undefined },
    ]);
    expect(due(doc(swept), firstSecond + 3_600_000, recordSent(EMPTY_LEDGER, 'a', 'expired', 1))).toEqual([]);
    expect(due(doc(swept), firstSecond + EXPIRED_NOTICE_WINDOW_MS + 1)).toEqual([]);
  });

  it('given an expired secret and a live one that outlives it, then the expired notice names the live one', () => {
    const expired = secret('a', '2027-06-30', { state: 'expired' });
    expect(due(doc(expired, secret('b', '2027-12-31')), at('2027-07-01T08:00:00Z'))).toEqual([
      { secret: 'a', notice: 'expired', newer: 'b' },
    ]);
  });
});
