// The application's audit trail, stored by the application store as the client attribute `credman.audit`
// (store/codecs.ts, docs/architecture.md#credman-attributes): the newest AUDIT_LIMIT events, newest first. Entries name secrets
// by id, name and hint; never by value.
import { AUDIT_ACTIONS, EDITABLE_APPLICATION_FIELDS, EDITABLE_SECRET_FIELDS } from '@credman/api-contract';
import { z } from 'zod';

export const AUDIT_LIMIT = 200;

// The actions are part of the API contract (the audit trail is served as is), so they are defined there once.
export { AUDIT_ACTIONS };

export const auditEntrySchema = z.object({
  at: z.number().int(),
  action: z.enum(AUDIT_ACTIONS),
  actor: z.object({ id: z.string(), username: z.string(), name: z.string() }).optional(),
  secret: z.object({ id: z.string(), name: z.string(), hint: z.string() }).optional(),
  subject: z.object({ id: z.string(), username: z.string() }).optional(),
  changed: z.array(z.enum([...EDITABLE_SECRET_FIELDS, ...EDITABLE_APPLICATION_FIELDS])).optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditTrailSchema = z.array(auditEntrySchema);

/** Adds entries (in any order) and keeps the newest AUDIT_LIMIT, newest first. */
export function appendAudit(trail: AuditEntry[], entries: AuditEntry[]): AuditEntry[] {
  return [...entries, ...trail].sort((a, b) => b.at - a.at).slice(0, AUDIT_LIMIT);
}
