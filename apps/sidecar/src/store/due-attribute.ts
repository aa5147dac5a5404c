// The due index's stored form (docs/architecture.md#the-due-index): the client attribute `credman.due`, the
// instant an application next has something for a timed job to do, written by the store in the same PUT as
// the records. The instant itself comes from the rule the credential service is given (reminders/next-due.ts): the
// store knows the format, not the schedule. Pure.
import type { SecretsDocument } from './records/secrets.ts';
import type { RetiredEntry } from './records/retired-secrets.ts';
import type { ReminderLedger } from './records/ledger.ts';

export const DUE_ATTRIBUTE = 'credman.due';
/** Digits of the stored instant: epoch milliseconds up to the year 2286, so string order is time order. */
export const DUE_DIGITS = 13;

export interface DueRecords {
  document: SecretsDocument;
  ledger: ReminderLedger;
  /** The entries of `credman.retired` as written; [] when there are none (or it cannot be read). */
  retired: readonly RetiredEntry[];
}

/**
 * The earliest instant (epoch milliseconds) at which a timed job acts on these records, judged at `now` (the
 * write's time); undefined when nothing is ever due. `undeliveredWindowMs`: the undelivered mark window.
 */
export type NextDueRule = (
  records: DueRecords,
  options: { zone: string; now: number; undeliveredWindowMs: number },
) => number | undefined;

/** The attribute's text: 13 zero-padded digits, or '' (which removes the attribute) when nothing is due. */
export function encodeDue(at: number | undefined): string {
  return at === undefined ? '' : String(Math.max(0, Math.floor(at))).padStart(DUE_DIGITS, '0');
}

/** The stored instant; undefined when absent, empty or not credman's text (the reconciliation rewrites it). */
export function decodeDue(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d{13}$/.test(raw) ? Number(raw) : undefined;
}

/**
 * Whether the stored index entry is wrong for what the records say now: a different instant, except that two
 * instants both at or before `now` agree (both mean "due now": the job that acts on it rewrites the entry).
 */
export function dueEntryStale(
  stored: string | undefined,
  expected: string | undefined,
  now: number,
): boolean {
  const storedAt = decodeDue(stored);
  const expectedAt = decodeDue(expected);
  if (stored !== undefined && storedAt === undefined) return true; // not credman's text
  if (storedAt === expectedAt) return false;
  return !(storedAt !== undefined && expectedAt !== undefined && storedAt <= now && expectedAt <= now);
}
