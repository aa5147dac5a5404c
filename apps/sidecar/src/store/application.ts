// An application as credman stores it in Keycloak, decoded: its slots, its secrets document, its audit trail
// and its reminder ledger (docs/architecture.md#credman-attributes). The one place that reads a client's
// attributes; everything above works on `StoredApplication`.
import type { AuditEntry } from './records/audit-trail.ts';
import { appendAudit } from './records/audit-trail.ts';
import type { AuditBounds } from './records/audit-trail.ts';
import type { SecretsDocument } from './records/secrets.ts';
import { DUE_ATTRIBUTE, encodeDue } from './due-attribute.ts';
import type { NextDueRule } from './due-attribute.ts';
import { RETIRED_ATTRIBUTE, parseRetired, retireDigests } from './records/retired-secrets.ts';
import type { KeycloakClient, NewClient } from '../keycloak/port.ts';
import type { ReminderLedger } from './records/ledger.ts';
import {
  AUDIT_ATTRIBUTE,
  DamagedAttributeError,
  REMINDERS_ATTRIBUTE,
  SECRETS_ATTRIBUTE,
  parseAuditTrail,
  parseLedger,
  parseSecretsDocument,
  serializeAuditTrail,
  serializeLedger,
  serializeSecretsDocument,
} from './records/codecs.ts';
import type { CredmanAttribute } from './records/codecs.ts';
import { DamagedApplicationError } from './errors.ts';
import { SLOT_ATTRIBUTES, readSlots, slotRepresentation } from './slots.ts';
import type { DesiredSlots, ObservedSlots } from './slots.ts';

/** A managed application's Keycloak client, without the records (enough to find managers or notify them). */
export interface ApplicationRef {
  /** The client's UUID. */
  readonly id: string;
  readonly clientId: string;
}

export interface StoredApplication extends ApplicationRef {
  readonly description: string | undefined;
  readonly defaultClientScopes: readonly string[];
  readonly slots: ObservedSlots;
  readonly secrets: SecretsDocument;
  readonly audit: AuditEntry[];
  readonly ledger: ReminderLedger;
}

/** What one claimed write changes: always the slots and the secrets document, plus audit entries and a ledger. */
export interface ApplicationChange {
  slots: DesiredSlots;
  /** Its revision is replaced by the claimed one. */
  secrets: SecretsDocument;
  auditEntries: AuditEntry[];
  ledger?: ReminderLedger | undefined;
  /** The client's new description ('' clears it), written in the same PUT. */
  description?: string | undefined;
}

/** The representation each decoded application came from: the PUT needs it (keycloak/admin/clients.ts). */
const representations = new WeakMap<StoredApplication, KeycloakClient>();

function decodeAttribute<T>(
  client: KeycloakClient,
  attribute: CredmanAttribute,
  parse: (raw: string | undefined) => T,
): T {
  try {
    return parse(client.attributes[attribute]);
  } catch (error) {
    if (error instanceof DamagedAttributeError)
      throw new DamagedApplicationError(client.clientId, attribute, { cause: error });
    throw error;
  }
}

/** Decodes every credman attribute; DamagedApplicationError names the first that cannot be read. */
export function decodeApplication(client: KeycloakClient): StoredApplication {
  const application: StoredApplication = {
    id: client.id,
    clientId: client.clientId,
    description: client.description,
    defaultClientScopes: client.defaultClientScopes,
    slots: readSlots(client),
    secrets: decodeAttribute(client, SECRETS_ATTRIBUTE, parseSecretsDocument),
    audit: decodeAttribute(client, AUDIT_ATTRIBUTE, parseAuditTrail),
    ledger: decodeAttribute(client, REMINDERS_ATTRIBUTE, parseLedger),
  };
  representations.set(application, client);
  return application;
}

/** The revision of `credman.secrets` (0 before credman's first write); DamagedApplicationError if unreadable. */
export function revisionOf(client: KeycloakClient): number {
  return decodeAttribute(client, SECRETS_ATTRIBUTE, parseSecretsDocument).revision;
}

/** The representation `application` was decoded from. */
export function representationOf(application: StoredApplication): KeycloakClient {
  const client = representations.get(application);
  if (!client) throw new Error(`application ${application.clientId} was not decoded by the store`);
  return client;
}

/** How a write computes the due index (store/due-attribute.ts). */
export interface DueSettings {
  /** When records are next due: the schedule's rule (reminders/next-due.ts), given by the credential service. */
  rule: NextDueRule;
  /** The zone reminder milestones are counted in. */
  zone: string;
  /** The undelivered mark window (credentials/undelivered.ts): the service's claim lease. */
  undeliveredWindowMs: number;
}

/** The options of one encoded write. */
export interface EncodeOptions {
  revision: number;
  /** The write's time, epoch milliseconds. */
  nowMs: number;
  due: DueSettings;
  auditBounds?: AuditBounds | undefined;
}

/** The stored text of `credman.due` of the representation `application` was decoded from. */
export function storedDue(application: StoredApplication): string | undefined {
  const raw = representations.get(application)?.attributes[DUE_ATTRIBUTE];
  return raw === '' ? undefined : raw;
}

/** The retired-secret digests of the representation `application` was decoded from. */
function storedRetired(application: StoredApplication) {
  return parseRetired(representations.get(application)?.attributes[RETIRED_ATTRIBUTE]) ?? [];
}

/** When these records are next due at `nowMs`, by the schedule's rule (`credman.due`'s instant). */
function dueAt(due: DueSettings, records: Parameters<NextDueRule>[0], nowMs: number) {
  return due.rule(records, { zone: due.zone, now: nowMs, undeliveredWindowMs: due.undeliveredWindowMs });
}

/**
 * What `credman.due` should hold for the application as it was read, judged at `nowMs` (the reconciliation's
 * and the sweeper's check of the index).
 */
export function expectedDue(
  application: StoredApplication,
  nowMs: number,
  due: DueSettings,
): string | undefined {
  const at = dueAt(
    due,
    { document: application.secrets, ledger: application.ledger, retired: storedRetired(application) },
    nowMs,
  );
  const text = encodeDue(at);
  return text === '' ? undefined : text;
}

/** The `credman.due` text (undefined: removed) that writing `change` at `nowMs` stores (encodeChange). */
export function dueOfChange(
  application: StoredApplication,
  change: ApplicationChange,
  nowMs: number,
  due: DueSettings,
): string | undefined {
  const text = encodeChange(application, change, { revision: 0, nowMs, due }).attributes[DUE_ATTRIBUTE];
  return text === '' ? undefined : text;
}

/**
 * Whether Keycloak's secret slots, compared by their creation and expiry times only (a secret-free listing has
 * no values), differ from the live records as read: a change made outside credman that the records, and so
 * credman.due, have not caught up with (the reconciliation sweeps such an application).
 */
export function slotTimesDiffer(application: StoredApplication): boolean {
  const attributes = representations.get(application)?.attributes;
  // Without records credman has never managed its secrets: nothing is indexed to fall behind.
  if (attributes === undefined || application.secrets.secrets.length === 0) return false;
  const slots: string[] = [];
  for (const [created, expires] of [
    [SLOT_ATTRIBUTES.currentCreated, SLOT_ATTRIBUTES.currentExpires],
    [SLOT_ATTRIBUTES.rotatedCreated, SLOT_ATTRIBUTES.rotatedExpires],
  ] as const) {
    const createdAt = attributes[created];
    if (createdAt !== undefined && createdAt !== '') slots.push(`${createdAt}/${attributes[expires] ?? ''}`);
  }
  const records = application.secrets.secrets
    .filter((secret) => secret.state === 'live')
    .map((secret) => `${String(secret.createdAt)}/${String(secret.expiresAt)}`);
  return slots.sort().join(' ') !== records.sort().join(' ');
}

/** Whether `credman.retired` holds an entry past its `until` at `nowMs`, which the next write prunes. */
export function hasRetiredToDrop(application: StoredApplication, nowMs: number): boolean {
  return storedRetired(application).some((entry) => entry.until < Math.floor(nowMs / 1000));
}

/**
 * The fields of the ONE PUT of a change (docs/architecture.md#one-put-per-transition), and the audit entries this
 * write moves out of the stored trail (the caller archives them before the PUT). The digests of secrets that
 * ended move to `credman.retired` (records/retired-secrets.ts) in this PUT, and its expired entries are
 * pruned; `credman.due` (due-attribute.ts) is computed from the records as written, so the due index is
 * never a separate write.
 */
export function encodeChange(
  application: StoredApplication,
  change: ApplicationChange,
  options: EncodeOptions,
): {
  secret: string;
  attributes: Record<string, string>;
  secrets: SecretsDocument;
  archivedAudit: AuditEntry[];
} {
  const now = Math.floor(options.nowMs / 1000);
  const slots = slotRepresentation(change.slots);
  const previousRetired = representations.get(application)?.attributes[RETIRED_ATTRIBUTE];
  const retired = retireDigests(change.secrets, previousRetired, now);
  const secrets = { ...retired.document, revision: options.revision };
  const audit = appendAudit(application.audit, change.auditEntries, options.auditBounds);
  const due = dueAt(
    options.due,
    {
      document: secrets,
      ledger: change.ledger ?? application.ledger,
      retired: parseRetired(retired.attribute ?? previousRetired) ?? [],
    },
    options.nowMs,
  );
  return {
    secret: slots.secret,
    secrets,
    archivedAudit: audit.archived,
    attributes: {
      // An attribute left out keeps its stored value: Keycloak merges a PUT's attributes.
      ...(change.ledger ? { [REMINDERS_ATTRIBUTE]: serializeLedger(change.ledger) } : {}),
      ...(retired.attribute === undefined ? {} : { [RETIRED_ATTRIBUTE]: retired.attribute }),
      ...slots.attributes,
      [SECRETS_ATTRIBUTE]: serializeSecretsDocument(secrets),
      [AUDIT_ATTRIBUTE]: serializeAuditTrail(audit.trail),
      [DUE_ATTRIBUTE]: encodeDue(due),
    },
  };
}

/**
 * The credman attributes of a records-only write (the batch write, store/batch-claim.ts: `PUT …/credman/records`):
 * the reminder ledger, the secrets document as read but at the claimed revision and by this writer, and
 * `credman.due` by the same rule as encodeChange. Never a slot attribute or a secret: the batch endpoint
 * writes credman's attributes only, and the read it plans from is secret-free. It does not settle slots or
 * records (no expiry folded in, no digests retired, no audit entry): settling needs the slots' values and
 * their attributes, which only the whole-client PUT writes; the sweeper settles them at its next pass, as it
 * does for every application, and the due index (computed here from the records as they stay) still brings
 * the application back when something is due.
 */
export function encodeRecordsOnlyChange(
  application: StoredApplication,
  ledger: ReminderLedger,
  options: { revision: number; writer: string; nowMs: number; due: DueSettings },
): { attributes: Record<string, string>; secrets: SecretsDocument } {
  const secrets: SecretsDocument = {
    ...application.secrets,
    revision: options.revision,
    writer: options.writer,
  };
  const due = dueAt(
    options.due,
    { document: secrets, ledger, retired: storedRetired(application) },
    options.nowMs,
  );
  return {
    secrets,
    attributes: {
      [REMINDERS_ATTRIBUTE]: serializeLedger(ledger),
      [SECRETS_ATTRIBUTE]: serializeSecretsDocument(secrets),
      [DUE_ATTRIBUTE]: encodeDue(due),
    },
  };
}

/** The secret and attributes of a new application's client: its first slot state and secrets document. */
export function newApplicationFields(
  slots: DesiredSlots,
  secrets: SecretsDocument,
): Pick<NewClient, 'secret' | 'attributes'> {
  const representation = slotRepresentation(slots);
  // The empty rotated-slot attributes only matter in an update (where "" removes); a new client has none.
  const attributes = Object.fromEntries(
    Object.entries(representation.attributes).filter(([, value]) => value !== ''),
  );
  return {
    secret: representation.secret,
    attributes: { ...attributes, [SECRETS_ATTRIBUTE]: serializeSecretsDocument(secrets) },
  };
}

/** Whether the client holds the write of `writer` (a PUT whose outcome was unknown); undefined if unreadable. */
export function writtenBy(client: KeycloakClient, writer: string): boolean | undefined {
  try {
    return parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]).writer === writer;
  } catch {
    return undefined;
  }
}
