// Seeds the reminder benchmark's applications straight into the double's model (setup is not what is measured):
// each application holds two live secrets whose expiry dates spread over a year, slots and `credman.secrets`
// consistent, and a reminder ledger that is up to date as of the day before the scan. So the scan at `scanAt`
// is the realistic worst hourly run: the first one after midnight, when the day's milestones fall due.
import { DateTime } from 'luxon';
import { dueReminder, plusSeconds, toMillis, toSeconds } from '@credman/domain';
import type { EpochSeconds } from '@credman/domain';
import type { KeycloakDouble } from '@credman/keycloak-double';
import { createClient } from '@credman/keycloak-double/import-realm';
import type { SecretRecord, SecretsDocument } from '@credman/sidecar/store/records/secrets';
import { UNDELIVERED_MARK_WINDOW_MS } from '@credman/sidecar/credentials/undelivered';
import { SLOT_ATTRIBUTES } from '@credman/sidecar/store/slots';
import { isoWeek } from '@credman/sidecar/reminders/digest-ledger';
import { recordSent } from '@credman/sidecar/reminders/ledger';
import { EMPTY_LEDGER } from '@credman/sidecar/store/records/ledger';
import type { ReminderLedger } from '@credman/sidecar/store/records/ledger';
import { nextDueAt } from '@credman/sidecar/reminders/next-due';
import {
  REMINDERS_ATTRIBUTE,
  SECRETS_ATTRIBUTE,
  serializeLedger,
} from '@credman/sidecar/store/records/codecs';
import { DUE_ATTRIBUTE, encodeDue } from '@credman/sidecar/store/due-attribute';
import { DAY_MS, SIDECAR_CLIENT_ID, ZONE } from './reminder-scenario.ts';

const actor = { id: 'seed', username: 'seed', name: 'Seed' };

type Realm = KeycloakDouble['realm'];

function newClientRole(realm: Realm, name: string, containerId: string): void {
  const id = crypto.randomUUID();
  realm.roles.set(id, { id, name, containerId, clientRole: true, composites: new Set(), attributes: {} });
}

/** One seeded application as Keycloak holds it: its current secret and its attributes (slots, credman's own). */
export interface ReminderApplication {
  clientId: string;
  /** The current slot's value. */
  secret: string;
  attributes: Record<string, string>;
}

/** The i-th application of the scenario; pure, so the double and the real Keycloak get the same data. */
export function reminderApplication(i: number, scanAt: number): ReminderApplication {
  const createdAt = toSeconds(scanAt - 200 * DAY_MS);
  // Two secrets per application, expiring on different days over the coming year.
  const expiries = [1 + ((i * 37) % 365), 1 + ((i * 37 + 181) % 365)].sort((a, b) => a - b);
  const values = expiries.map(
    (_, k) => `bench${String(i).padStart(6, '0')}${String(k)}valuevaluevaluevaluevaluevalue`,
  );
  const records: SecretRecord[] = expiries.map((days, k) => {
    const expiresOn = DateTime.fromMillis(scanAt, { zone: ZONE }).plus({ days }).toISODate() ?? '';
    return {
      id: `s-${String(i)}-${String(k)}`,
      name: `Secret ${String(k)}`,
      hint: (values[k] ?? '').slice(0, 3),
      createdAt: plusSeconds(createdAt, k),
      createdBy: actor,
      expiresAt: toSeconds(DateTime.fromISO(expiresOn, { zone: ZONE }).endOf('day').toMillis()),
      expiresOn,
      state: 'live',
    };
  });
  const [older, newer] = records as [SecretRecord, SecretRecord];
  const document: SecretsDocument = { schema: 1, revision: 1, writer: 'seed', secrets: records };
  const ledger = ledgerAsOfYesterday(records, scanAt, createdAt);
  // credman.due as credman's last write (yesterday's reminder run) left it: the extension's due index reads it.
  const due = nextDueAt(
    { document, ledger, retired: [] },
    { zone: ZONE, now: scanAt - DAY_MS, undeliveredWindowMs: UNDELIVERED_MARK_WINDOW_MS },
  );
  return {
    clientId: `Partner-NL-Bench${String(i).padStart(5, '0')}-DM`,
    secret: values[1] ?? '',
    attributes: {
      [SLOT_ATTRIBUTES.currentCreated]: String(newer.createdAt),
      [SLOT_ATTRIBUTES.currentExpires]: String(newer.expiresAt),
      [SLOT_ATTRIBUTES.rotatedValue]: values[0] ?? '',
      [SLOT_ATTRIBUTES.rotatedCreated]: String(older.createdAt),
      [SLOT_ATTRIBUTES.rotatedExpires]: String(older.expiresAt),
      [SECRETS_ATTRIBUTE]: JSON.stringify(document),
      [REMINDERS_ATTRIBUTE]: serializeLedger(ledger),
      [DUE_ATTRIBUTE]: encodeDue(due),
    },
  };
}

/** The ledger as of yesterday: the newest milestone due then is recorded. */
function ledgerAsOfYesterday(records: SecretRecord[], scanAt: number, sentAt: EpochSeconds): ReminderLedger {
  let ledger = EMPTY_LEDGER;
  for (const record of records) {
    const yesterday = dueReminder({
      createdAt: toMillis(record.createdAt),
      expiresAt: toMillis(record.expiresAt),
      zone: ZONE,
      now: scanAt - DAY_MS,
      sent: [],
      newerLiveSecret: records.some((r) => r.expiresAt > record.expiresAt),
    });
    if (yesterday) ledger = recordSent(ledger, record.id, yesterday.id, sentAt);
  }
  return ledger;
}

/** The role that says this week's operator digest went out already: the scans measure notices only. */
export function digestSentRole(scanAt: number): string {
  return `credman.digest.${isoWeek(scanAt, ZONE)}.sent`;
}

export function seedReminderApplications(realm: Realm, n: number, scanAt: number): void {
  for (let i = 0; i < n; i++) {
    const application = reminderApplication(i, scanAt);
    const client = createClient(realm, {
      clientId: application.clientId,
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      secret: application.secret,
    });
    for (const [name, value] of Object.entries(application.attributes)) client.attributes.set(name, value);
    newClientRole(realm, 'credential-manager', client.id);
  }
  const own = realm.clientByClientId(SIDECAR_CLIENT_ID);
  if (own) newClientRole(realm, digestSentRole(scanAt), own.id);
}
