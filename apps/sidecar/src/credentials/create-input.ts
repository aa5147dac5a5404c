// The domain rules a create-secret or edit-secret request must meet (docs/architecture.md#validation-and-errors).
// Pure.
import {
  displaySkeleton,
  validateExpiryDate,
  validateSecretName,
  validateSecretNotes,
} from '@credman/domain';
import type { ExpiryPolicy } from '@credman/domain';
import { CredentialValidationError } from './errors.ts';
import type { SecretRecord } from '../store/records/secrets.ts';

export interface CreateInputPolicy {
  zone: string;
  maxValidityDays?: number | undefined;
  /** Epoch milliseconds. */
  now: number;
}

type FieldErrors = CredentialValidationError['fields'];

function checkName(raw: unknown, fields: FieldErrors): string | undefined {
  const name = typeof raw === 'string' ? validateSecretName(raw) : undefined;
  if (!name) fields.push({ field: 'name', reason: 'required', message: 'A name is required' });
  else if (!name.ok)
    fields.push(...name.errors.map((e) => ({ field: 'name', reason: e.reason, message: e.message })));
  return name?.ok ? name.value : undefined;
}

/** The cleaned notes ('' for none); absent notes are none. */
function checkNotes(raw: unknown, fields: FieldErrors): string | undefined {
  if (raw === undefined) return '';
  if (typeof raw !== 'string') {
    fields.push({ field: 'notes', reason: 'invalid-type', message: 'Notes must be text' });
    return undefined;
  }
  const notes = validateSecretNotes(raw);
  if (!notes.ok)
    fields.push(...notes.errors.map((e) => ({ field: 'notes', reason: e.reason, message: e.message })));
  return notes.ok ? notes.value : undefined;
}

/** The cleaned name and notes and the expiry of a valid request; CredentialValidationError listing every bad field. */
export function validateCreateInput(
  input: { name: unknown; notes?: unknown; expiresOn: unknown },
  policy: CreateInputPolicy,
) {
  const fields: FieldErrors = [];
  const name = checkName(input.name, fields);
  const notes = checkNotes(input.notes, fields);
  const expiryPolicy: ExpiryPolicy = { zone: policy.zone, maxValidityDays: policy.maxValidityDays };
  const expiry =
    typeof input.expiresOn === 'string'
      ? validateExpiryDate(input.expiresOn, policy.now, expiryPolicy)
      : undefined;
  if (!expiry) fields.push({ field: 'expiresOn', reason: 'required', message: 'An expiry date is required' });
  else if (!expiry.ok)
    fields.push(...expiry.errors.map((e) => ({ field: 'expiresOn', reason: e.reason, message: e.message })));
  if (name === undefined || notes === undefined || !expiry?.ok || fields.length > 0)
    throw new CredentialValidationError(fields);
  return { name, notes, expiry: expiry.value };
}

/** A valid edit: the fields sent, cleaned (notes '' removes them); at least one field must be sent. */
export function validateEditInput(input: { name?: unknown; notes?: unknown }): {
  name?: string | undefined;
  notes?: string | undefined;
} {
  const fields: FieldErrors = [];
  if (input.name === undefined && input.notes === undefined)
    throw new CredentialValidationError([
      { field: 'name', reason: 'required', message: 'Send the name, the notes or both' },
    ]);
  const name = input.name === undefined ? undefined : checkName(input.name, fields);
  const notes = input.notes === undefined ? undefined : checkNotes(input.notes, fields);
  if (fields.length > 0) throw new CredentialValidationError(fields);
  return { name, notes };
}

/**
 * Refuses a name that looks like, but is not, the name of another live secret of the application (a decoy to
 * get the wrong one deleted: docs/architecture.md#validation-and-errors). The same name written the same way
 * is allowed: the console suggests "Secret by <name>" for each rotation, and hint and creation time tell such
 * secrets apart.
 */
export function refuseLookAlikeName(name: string, records: readonly SecretRecord[], exceptId?: string): void {
  const skeleton = displaySkeleton(name);
  const other = records.find(
    (record) =>
      record.state === 'live' &&
      record.id !== exceptId &&
      record.name !== name &&
      displaySkeleton(record.name) === skeleton,
  );
  if (other)
    throw new CredentialValidationError([
      {
        field: 'name',
        reason: 'look-alike',
        message: `The name looks like that of the live secret "${other.name}" (${other.hint}…); choose one that looks different.`,
      },
    ]);
}
