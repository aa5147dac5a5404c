// The reminder ledger: which expiry notices were sent for which secret, stored by the application store as
// the client attribute `credman.reminders` next to `credman.secrets` (store/codecs.ts). An entry is added only
// after the SMTP server accepted the notice, so the ledger never claims a notice that was not handed over.
// Notice ids are the stable milestone ids of the domain schedule (`before-42`, `before-21`, `daily:YYYY-MM-DD`, `expired`). Pure.
import type { EpochSeconds } from '@credman/domain';
import { z } from 'zod';
import { epochSecondsSchema } from '../store/epoch-schemas.ts';
import type { SecretsDocument } from '../credentials/metadata.ts';

const sentNoticeSchema = z.object({
  /** Milestone id from the domain schedule. */
  id: z.string().min(1),
  /** Epoch seconds at which the SMTP server accepted the notice. */
  sentAt: epochSecondsSchema,
});
export type SentNotice = z.infer<typeof sentNoticeSchema>;

export const ledgerSchema = z.object({
  schema: z.literal(1),
  /** Per secret id, the notices sent for it in the order they were sent. */
  secrets: z.record(z.string(), z.array(sentNoticeSchema)),
});
export type ReminderLedger = z.infer<typeof ledgerSchema>;

export const EMPTY_LEDGER: ReminderLedger = { schema: 1, secrets: {} };

/** Ids of the notices already sent for a secret. */
export function sentNoticeIds(ledger: ReminderLedger, secretId: string): string[] {
  return (ledger.secrets[secretId] ?? []).map((notice) => notice.id);
}

/** The ledger with one more sent notice (a notice recorded twice stays once). */
export function recordSent(
  ledger: ReminderLedger,
  secretId: string,
  noticeId: string,
  sentAt: EpochSeconds,
): ReminderLedger {
  const sent = ledger.secrets[secretId] ?? [];
  if (sent.some((notice) => notice.id === noticeId)) return ledger;
  return { ...ledger, secrets: { ...ledger.secrets, [secretId]: [...sent, { id: noticeId, sentAt }] } };
}

/**
 * Drops the entries of secrets that are no longer in `credman.secrets` (history is trimmed there), so the
 * ledger stays as small as the secrets document. A secret still in history keeps its entry: it is what stops
 * its "expired" notice from being sent again.
 */
export function pruneLedger(ledger: ReminderLedger, document: SecretsDocument): ReminderLedger {
  const known = new Set(document.secrets.map((secret) => secret.id));
  const kept = Object.entries(ledger.secrets).filter(([secretId]) => known.has(secretId));
  if (kept.length === Object.keys(ledger.secrets).length) return ledger;
  return { ...ledger, secrets: Object.fromEntries(kept) };
}
