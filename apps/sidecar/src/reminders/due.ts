// Which expiry notices are due for one application, from its `credman.secrets` document and its reminder
// ledger (docs/architecture.md#reminder-flow). The timing is the domain schedule's (`dueReminder`): per
// secret at most one notice per run, the newest due milestone, and only when it is newer than what the
// ledger already has. Pure.
import { dueReminder, reminderMilestones, toMillis } from '@credman/domain';
import type { ReminderNotice } from '@credman/domain';
import type { SecretRecord, SecretsDocument } from '../store/records/secrets.ts';
import { sentNoticeIds } from './ledger.ts';
import type { ReminderLedger } from '../store/records/ledger.ts';

/**
 * An "expired" notice is news for a week. A secret that expired longer ago (history from before reminders were
 * switched on, or an outage longer than that) gets none: a late "your secret expired weeks ago" helps nobody.
 */
export const EXPIRED_NOTICE_WINDOW_MS = 7 * 86_400_000;

export interface DueNotice {
  secret: SecretRecord;
  notice: ReminderNotice;
  /** The live secret that outlives this one, when there is one (the "newer secret exists" variant). */
  newer: SecretRecord | undefined;
}

/** Still accepted by Keycloak at `now`: recorded live and before the end of its last valid second. */
function works(secret: SecretRecord, now: number): boolean {
  return secret.state === 'live' && now < toMillis(secret.expiresAt + 1);
}

/** The working secret that expires last after `secret`, if any. */
function newerSecret(
  secret: SecretRecord,
  all: readonly SecretRecord[],
  now: number,
): SecretRecord | undefined {
  return all
    .filter((other) => other.id !== secret.id && works(other, now) && other.expiresAt > secret.expiresAt)
    .sort((a, b) => b.expiresAt - a.expiresAt)[0];
}

/**
 * The notices to send now, in the order of the secrets in the document. Live secrets (also those past expiry
 * that the sweeper has not recorded yet) and secrets recorded as expired are considered; deleted and lost ones
 * never get a notice.
 */
export function dueNotices(input: {
  document: SecretsDocument;
  ledger: ReminderLedger;
  /** Epoch milliseconds. */
  now: number;
  zone: string;
}): DueNotice[] {
  const { document, ledger, now, zone } = input;
  const due: DueNotice[] = [];
  for (const secret of document.secrets) {
    if (secret.state !== 'live' && secret.state !== 'expired') continue;
    const newer = newerSecret(secret, document.secrets, now);
    const notice = dueReminder({
      createdAt: toMillis(secret.createdAt),
      expiresAt: toMillis(secret.expiresAt),
      zone,
      now,
      sent: sentNoticeIds(ledger, secret.id),
      newerLiveSecret: newer !== undefined,
    });
    if (notice === null) continue;
    if (notice.kind === 'expired' && now - notice.dueAt > EXPIRED_NOTICE_WINDOW_MS) continue;
    due.push({ secret, notice, newer });
  }
  return due;
}

/**
 * When a reminder run next has something to send for `secret` (epoch milliseconds), judged at `now`: the
 * instant of the milestone a run would send next by dueNotices' rule (at or before `now` when one is due
 * already), or undefined when no run will ever send one (deleted or lost, every milestone sent, or only an
 * "expired" notice left that is older than its window). The due index (next-due.ts) uses it.
 */
export function nextNoticeAt(
  secret: SecretRecord,
  ledger: ReminderLedger,
  zone: string,
  now: number,
): number | undefined {
  if (secret.state !== 'live' && secret.state !== 'expired') return undefined;
  const milestones = reminderMilestones(toMillis(secret.createdAt), toMillis(secret.expiresAt), zone);
  const sent = new Set(sentNoticeIds(ledger, secret.id));
  const lastSentIndex = milestones.findLastIndex((milestone) => sent.has(milestone.id));
  const newestDueIndex = milestones.findLastIndex((milestone) => milestone.dueAt <= now);
  // A run sends the newest due milestone if it is newer than what was sent, else waits for the next one.
  const next = milestones[Math.max(lastSentIndex + 1, newestDueIndex)];
  if (next === undefined) return undefined;
  if (next.kind === 'expired' && now - next.dueAt > EXPIRED_NOTICE_WINDOW_MS) return undefined;
  return next.dueAt;
}
