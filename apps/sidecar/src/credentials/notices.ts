// What a credential change tells others: the audit entries of a plan's events and the security notice's
// listener (docs/architecture.md#security-notices). Never a secret value: names and hints only.
import type { EpochMillis, EpochSeconds } from '@credman/domain';
import type { AuditEntry } from '../store/records/audit-trail.ts';
import type { Actor, SecretRecord } from '../store/records/secrets.ts';
import type { AuditEvent } from './rotation.ts';
import type { EditableSecretField } from './secret-edit.ts';

/**
 * A created, deleted or edited secret, as the security notice reports it: never a value, only the hint.
 * `undelivered-removed`: credman removed a secret whose create failed for `actor` but landed later.
 */
export interface SecretChange {
  kind: 'created' | 'deleted' | 'edited' | 'undelivered-removed';
  clientId: string;
  clientUuid: string;
  /** `expiresAt` in epoch seconds, like the record. */
  secret: { id: string; name: string; notes?: string | undefined; hint: string; expiresAt: number };
  /** With `edited`: the name before and the fields that changed. */
  edit?: { previousName: string; changed: EditableSecretField[] } | undefined;
  actor: Actor;
  /** Epoch milliseconds. */
  at: EpochMillis;
}

/** Told after a secret was created, deleted or edited (security notices); must neither throw nor block. */
export type SecretChangeListener = (change: SecretChange) => void;

export function toAuditEntry(event: AuditEvent): AuditEntry {
  return {
    at: event.at,
    action: event.action,
    actor: event.actor,
    secret: { id: event.secretId, name: event.secretName, hint: event.hint },
  };
}

/** Tells the listener of a change that already happened; a failing listener changes nothing. */
export function announceSecretChange(
  listener: SecretChangeListener | undefined,
  change: Omit<SecretChange, 'secret'> & { record: SecretRecord },
): void {
  if (!listener) return;
  const { record, ...rest } = change;
  try {
    listener({
      ...rest,
      secret: {
        id: record.id,
        name: record.name,
        notes: record.notes,
        hint: record.hint,
        expiresAt: record.expiresAt,
      },
    });
  } catch {
    // A notice is a courtesy: it never undoes or fails a change that already happened.
  }
}

/** The audit entry of an edit: the secret as it is now and which fields changed. */
export function editAuditEntry(
  at: EpochSeconds,
  actor: Actor,
  record: SecretRecord,
  changed: EditableSecretField[],
): AuditEntry {
  return {
    at,
    action: 'edited',
    actor,
    secret: { id: record.id, name: record.name, hint: record.hint },
    changed,
  };
}
