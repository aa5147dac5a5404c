// A plan (rotation.ts) as the store writes it: its slots and document, with the audit entries of its events and
// any extra ones, and the reminder ledger when it changed. Pure.
import type { ApplicationChange } from '../store/application.ts';
import type { AuditEntry } from '../store/records/audit-trail.ts';
import type { ReminderLedger } from '../store/records/ledger.ts';
import { toAuditEntry } from './notices.ts';
import type { Plan } from './rotation.ts';

export function changeOf(
  plan: Plan,
  extraAudit: AuditEntry[] = [],
  ledger?: ReminderLedger,
): ApplicationChange {
  return {
    slots: plan.slots,
    secrets: plan.document,
    auditEntries: [...plan.events.map(toAuditEntry), ...extraAudit],
    ledger,
  };
}
