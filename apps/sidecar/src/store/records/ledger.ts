// The reminder ledger's record: which expiry notices were sent for which secret, stored by the application store
// as the client attribute `credman.reminders` next to `credman.secrets` (codecs.ts). Notice ids are the stable
// milestone ids of the domain schedule (`before-42`, `before-21`, `daily:YYYY-MM-DD`, `expired`).
import { z } from 'zod';
import { epochSecondsSchema } from './epoch.ts';

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
