// The application's audit trail, stored by the application store as the client attribute `credman.audit`
// (store/codecs.ts, docs/architecture.md#credman-attributes): the newest AUDIT_LIMIT events, newest first. Entries name secrets
// by id, name and hint; never by value.
import { z } from 'zod';

export const AUDIT_LIMIT = 200;

export const AUDIT_ACTIONS = [
  'created',
  'deleted',
  'expired',
  'lost',
  'adopted',
  'manager-added',
  'manager-removed',
  'application-created',
] as const;

export const auditEntrySchema = z.object({
  at: z.number().int(),
  action: z.enum(AUDIT_ACTIONS),
  actor: z.object({ id: z.string(), username: z.string(), name: z.string() }).optional(),
  secret: z.object({ id: z.string(), name: z.string(), hint: z.string() }).optional(),
  subject: z.object({ id: z.string(), username: z.string() }).optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditTrailSchema = z.array(auditEntrySchema);

/** Adds entries (in any order) and keeps the newest AUDIT_LIMIT, newest first. */
export function appendAudit(trail: AuditEntry[], entries: AuditEntry[]): AuditEntry[] {
  return [...entries, ...trail].sort((a, b) => b.at - a.at).slice(0, AUDIT_LIMIT);
}
