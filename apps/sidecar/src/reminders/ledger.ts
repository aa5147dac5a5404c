// The reminder ledger's rules (the record is store/records/ledger.ts): an entry is added only after the SMTP
// server accepted the notice, so the ledger never claims a notice that was not handed over. Pure.
import type { EpochSeconds } from '@credman/domain';
import type { ReminderLedger } from '../store/records/ledger.ts';
import type { SecretsDocument } from '../store/records/secrets.ts';

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
