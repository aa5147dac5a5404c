// Editing a live secret's name or notes (docs/architecture.md#editing-secrets-and-applications). Pure: the edit is
// applied to the settled record, so the write also carries the slot state every credman PUT must carry
// (docs/architecture.md#one-put-per-transition). The value and the slots are never touched.
import { EDITABLE_SECRET_FIELDS } from '@credman/api-contract';
import type { ObservedSlots } from '../store/slots.ts';
import type { Actor, SecretRecord, SecretsDocument } from '../store/records/secrets.ts';
import { planRefresh } from './rotation.ts';
import { SecretNotFoundError } from './errors.ts';
import type { Plan, PlanContext } from './rotation.ts';

export type EditableSecretField = (typeof EDITABLE_SECRET_FIELDS)[number];

/** Validated fields to change; notes '' removes them. */
export interface SecretEdit {
  name?: string | undefined;
  notes?: string | undefined;
}

export interface PlannedEdit {
  /** undefined when the edit changes nothing: nothing is written, audited or mailed. */
  plan: Plan | undefined;
  before: SecretRecord;
  after: SecretRecord;
  changed: EditableSecretField[];
}

function edited(record: SecretRecord, edit: SecretEdit): SecretRecord {
  const { notes: _previous, ...rest } = record;
  const notes = edit.notes ?? record.notes ?? '';
  return { ...rest, name: edit.name ?? record.name, ...(notes !== '' ? { notes } : {}) };
}

/** The edit of the live secret `secretId`; SecretNotFoundError when no live secret has that id. */
export function planEdit(
  document: SecretsDocument,
  slots: ObservedSlots,
  secretId: string,
  edit: SecretEdit,
  ctx: PlanContext,
): PlannedEdit {
  const refreshed = planRefresh(document, slots, ctx);
  const before = refreshed.document.secrets.find((r) => r.id === secretId && r.state === 'live');
  if (!before) throw new SecretNotFoundError(`No live secret ${secretId}`);
  const after = edited(before, edit);
  const changed = EDITABLE_SECRET_FIELDS.filter((field) => (before[field] ?? '') !== (after[field] ?? ''));
  // A settlement (an expiry, a change outside credman) still needs writing even when the edit changes nothing.
  const needsWrite = changed.length > 0 || refreshed.events.length > 0;
  const secrets = refreshed.document.secrets.map((record) => (record.id === secretId ? after : record));
  return {
    plan: needsWrite ? { ...refreshed, document: { ...refreshed.document, secrets } } : undefined,
    before,
    after,
    changed,
  };
}

/**
 * A manager's confirmation that systems use the live secret `secretId` (the rotation guide's "confirm" step).
 * `changed` false when it was confirmed before: nothing is written or audited again.
 */
export function planConfirmUse(
  document: SecretsDocument,
  slots: ObservedSlots,
  secretId: string,
  actor: Actor,
  ctx: PlanContext,
): { plan: Plan; record: SecretRecord; changed: boolean } {
  const refreshed = planRefresh(document, slots, ctx);
  const before = refreshed.document.secrets.find((r) => r.id === secretId && r.state === 'live');
  if (!before) throw new SecretNotFoundError(`No live secret ${secretId}`);
  if (before.useConfirmed) return { plan: refreshed, record: before, changed: false };
  const record: SecretRecord = { ...before, useConfirmed: { at: ctx.now, by: actor } };
  const secrets = refreshed.document.secrets.map((r) => (r.id === secretId ? record : r));
  return { plan: { ...refreshed, document: { ...refreshed.document, secrets } }, record, changed: true };
}
