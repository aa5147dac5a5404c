// The credman attributes of a Keycloak client and their text form (docs/architecture.md#credman-attributes).
// Only the application store uses these: every other module sees typed records. An absent attribute is an
// application credman has not written yet; text that is not the expected JSON is damage, never "empty"
// (docs/architecture.md#damaged-metadata), so nothing is ever written over it.
import type { z } from 'zod';
import { auditTrailSchema } from './audit-trail.ts';
import type { AuditEntry } from './audit-trail.ts';
import { EMPTY_DOCUMENT, secretsDocumentSchema } from './secrets.ts';
import type { SecretsDocument } from './secrets.ts';
import { EMPTY_LEDGER, ledgerSchema } from './ledger.ts';
import type { ReminderLedger } from './ledger.ts';

export const SECRETS_ATTRIBUTE = 'credman.secrets';
export const AUDIT_ATTRIBUTE = 'credman.audit';
export const REMINDERS_ATTRIBUTE = 'credman.reminders';

export type CredmanAttribute = typeof SECRETS_ATTRIBUTE | typeof AUDIT_ATTRIBUTE | typeof REMINDERS_ATTRIBUTE;

/**
 * An attribute's text is not what credman wrote. The message names the attribute, never its content. The store
 * turns it into a DamagedApplicationError (store/errors.ts); it stays beside the codecs because store/errors.ts
 * takes CredmanAttribute from here, and the other way round would be an import circle
 * (docs/architecture.md#import-boundaries).
 */
export class DamagedAttributeError extends Error {
  override name = 'DamagedAttributeError';
  readonly code = 'attribute-damaged';
  readonly attribute: CredmanAttribute;
  constructor(attribute: CredmanAttribute, problem: 'is not JSON' | 'does not match schema 1') {
    super(`${attribute} ${problem}`);
    this.attribute = attribute;
  }
}

function decode<T>(attribute: CredmanAttribute, schema: z.ZodType<T>, empty: T, raw: string | undefined): T {
  if (raw === undefined || raw === '') return empty;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new DamagedAttributeError(attribute, 'is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new DamagedAttributeError(attribute, 'does not match schema 1');
  return parsed.data;
}

export function parseSecretsDocument(raw: string | undefined): SecretsDocument {
  return decode(SECRETS_ATTRIBUTE, secretsDocumentSchema, EMPTY_DOCUMENT, raw);
}

export function serializeSecretsDocument(document: SecretsDocument): string {
  return JSON.stringify(document);
}

export function parseAuditTrail(raw: string | undefined): AuditEntry[] {
  return decode(AUDIT_ATTRIBUTE, auditTrailSchema, [], raw);
}

export function serializeAuditTrail(trail: AuditEntry[]): string {
  return JSON.stringify(trail);
}

export function parseLedger(raw: string | undefined): ReminderLedger {
  return decode(REMINDERS_ATTRIBUTE, ledgerSchema, EMPTY_LEDGER, raw);
}

export function serializeLedger(ledger: ReminderLedger): string {
  return JSON.stringify(ledger);
}
