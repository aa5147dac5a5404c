// The application's audit trail, stored by the application store as the client attribute `credman.audit`
// (store/codecs.ts, docs/architecture.md#credman-attributes): every event of the last AUDIT_RETENTION_SECONDS,
// newest first, pruned by age only, so no actor can push evidence out by making changes. Entries name secrets by
// id, name and hint; never by value.
import { AUDIT_ACTIONS, EDITABLE_APPLICATION_FIELDS, EDITABLE_SECRET_FIELDS } from '@credman/api-contract';
import { z } from 'zod';
import { epochSecondsSchema } from '../store/epoch-schemas.ts';

/** The life of two secrets: a secret is valid for at most a year (366 days with a leap day). */
export const AUDIT_RETENTION_SECONDS = 2 * 366 * 86_400;

/**
 * From this size of the stored trail on, changes made by a person are refused (the store's AuditTrailFullError),
 * never old entries dropped (docs/architecture.md#credman-attributes).
 */
export const AUDIT_MAX_BYTES = 256 * 1024;

// The actions are part of the API contract (the audit trail is served as is), so they are defined there once.
export { AUDIT_ACTIONS };

export const auditEntrySchema = z.object({
  at: epochSecondsSchema,
  action: z.enum(AUDIT_ACTIONS),
  actor: z.object({ id: z.string(), username: z.string(), name: z.string() }).optional(),
  secret: z.object({ id: z.string(), name: z.string(), hint: z.string() }).optional(),
  // `name` since the full name is shown like the actor's; older entries have none (the username stands in).
  subject: z.object({ id: z.string(), username: z.string(), name: z.string().optional() }).optional(),
  changed: z.array(z.enum([...EDITABLE_SECRET_FIELDS, ...EDITABLE_APPLICATION_FIELDS])).optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditTrailSchema = z.array(auditEntrySchema);

/** Adds entries (in any order), newest first, and drops those older than the retention before the newest. */
export function appendAudit(trail: AuditEntry[], entries: AuditEntry[]): AuditEntry[] {
  const all = [...entries, ...trail].sort((a, b) => b.at - a.at);
  const newest = all[0]?.at;
  return newest === undefined ? all : all.filter((entry) => entry.at > newest - AUDIT_RETENTION_SECONDS);
}
