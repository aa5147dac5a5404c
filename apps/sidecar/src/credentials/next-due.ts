// The due index (docs/architecture.md#the-due-index): the instant an application next has something for a timed
// job to do, stored as the client attribute `credman.due` in the same PUT as its records, so the reminder run
// and the sweeper can ask Keycloak only for the applications due by now. Pure.
//
// What the timed jobs act on, and so what counts (the earliest of them):
//  - a reminder (reminders/due.ts nextNoticeAt): the milestone a run sends next — 6 and 3 weeks before the
//    expiry date, then daily from 1 week before, then "expired" (within its week);
//  - an expiry to record (sweeper → rotation.ts planSweep): a live secret, from the first second Keycloak
//    refuses it;
//  - a retired-secret digest to drop (credman.retired, retired-secrets.ts): the second after its `until`; the
//    sweeper prunes it (CredentialService.sweep);
//  - an undelivered mark to look at (undelivered.ts): a live secret credman created, once its mark could be
//    stale (creation + the mark window), while that instant is still ahead at the write.
// Not timed, so not indexed: changes made outside credman (lost or adopted secrets) and records written by an
// older credman: the daily reconciliation (credentials/due-reconciliation.ts) finds those; retired secrets
// presented again arrive as events (reminders/retired-secret-watch.ts); the weekly digest reads every
// application in its own run (reminders/runner.ts).
import { toMillis } from '@credman/domain';
import { nextNoticeAt } from '../reminders/due.ts';
import type { ReminderLedger } from '../reminders/ledger.ts';
import type { SecretsDocument } from './metadata.ts';
import type { RetiredEntry } from './retired-secrets.ts';
import { OUTSIDE_CREDMAN } from './rotation.ts';

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
 * write's time; an instant at or before it means "due already"); undefined when nothing is ever due.
 */
export function nextDueAt(
  records: DueRecords,
  /** `undeliveredWindowMs`: the undelivered mark window (credentials/undelivered.ts, the claim lease). */
  options: { zone: string; now: number; undeliveredWindowMs: number },
): number | undefined {
  const { document, ledger, retired } = records;
  const { zone, now } = options;
  const window = options.undeliveredWindowMs;
  const instants: number[] = [];
  for (const secret of document.secrets) {
    const notice = nextNoticeAt(secret, ledger, zone, now);
    if (notice !== undefined) instants.push(notice);
    if (secret.state !== 'live') continue;
    instants.push(toMillis(secret.expiresAt + 1));
    const markStale = toMillis(secret.createdAt) + window;
    if (secret.createdBy.id !== OUTSIDE_CREDMAN.id && markStale > now) instants.push(markStale);
  }
  for (const entry of retired) instants.push(toMillis(entry.until + 1));
  return instants.length === 0 ? undefined : Math.min(...instants);
}

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
