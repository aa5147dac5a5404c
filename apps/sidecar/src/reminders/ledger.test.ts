import { epochSeconds } from '@credman/domain';
import { describe, expect, it } from 'vitest';
import type { SecretsDocument } from '../store/records/secrets.ts';
import { DamagedAttributeError, parseLedger, serializeLedger } from '../store/records/codecs.ts';
import { pruneLedger, recordSent as recordSentAt, sentNoticeIds } from './ledger.ts';
import { EMPTY_LEDGER } from '../store/records/ledger.ts';
import type { ReminderLedger } from '../store/records/ledger.ts';

// Sent times in these cases are plain numbers; the ledger takes epoch seconds.
const recordSent = (ledger: ReminderLedger, secretId: string, noticeId: string, sentAt: number) =>
  recordSentAt(ledger, secretId, noticeId, epochSeconds(sentAt));

const actor = { id: 'u1', username: 'alice', name: 'Alice' };
function documentWith(ids: string[]): SecretsDocument {
  return {
    schema: 1,
    revision: 3,
    writer: 'w',
    secrets: ids.map((id) => ({
      id,
      name: id,
      hint: 'abc',
      createdAt: epochSeconds(0),
      createdBy: actor,
      expiresAt: epochSeconds(100),
      expiresOn: '1970-01-01',
      state: 'live' as const,
    })),
  };
}

describe('reminder ledger', () => {
  it('given no attribute, then it is empty; given a written ledger, then it reads back the same', () => {
    expect(parseLedger(undefined)).toEqual(EMPTY_LEDGER);
    expect(parseLedger('')).toEqual(EMPTY_LEDGER);
    const ledger = recordSent(recordSent(EMPTY_LEDGER, 's1', 'before-42', 10), 's1', 'before-21', 20);
    expect(parseLedger(serializeLedger(ledger))).toEqual(ledger);
    expect(sentNoticeIds(ledger, 's1')).toEqual(['before-42', 'before-21']);
    expect(sentNoticeIds(ledger, 'other')).toEqual([]);
  });

  it('given a notice recorded twice, then it is kept once with its first time', () => {
    const once = recordSent(EMPTY_LEDGER, 's1', 'expired', 10);
    expect(recordSent(once, 's1', 'expired', 99)).toBe(once);
    expect(once.secrets.s1).toEqual([{ id: 'expired', sentAt: 10 }]);
  });

  it.each([['not json'], ['{"schema":2,"secrets":{}}'], ['{"schema":1,"secrets":{"s":[{"id":""}]}}']])(
    'given %j, then it is refused as corrupt',
    (raw) => {
      expect(() => parseLedger(raw)).toThrow(DamagedAttributeError);
    },
  );

  it('given secrets that left the history, then pruning drops their entries and keeps the others', () => {
    const ledger = recordSent(recordSent(EMPTY_LEDGER, 'kept', 'before-42', 1), 'gone', 'expired', 2);
    expect(pruneLedger(ledger, documentWith(['kept'])).secrets).toEqual({
      kept: [{ id: 'before-42', sentAt: 1 }],
    });
    expect(pruneLedger(ledger, documentWith(['kept', 'gone']))).toBe(ledger);
  });
});
