// Seeds the reminder benchmark's applications straight into the double's model (setup is not what is measured):
// each application holds two live secrets whose expiry dates spread over a year, slots and `credman.secrets`
// consistent, and a reminder ledger that is up to date as of the day before the scan. So the scan at `scanAt`
// is the realistic worst hourly run: the first one after midnight, when the day's milestones fall due.
import { DateTime } from 'luxon';
import { dueReminder } from '@credman/domain';
import type { KeycloakDouble } from '@credman/keycloak-double';
import { createClient } from '../../packages/keycloak-double/src/import/import-realm.ts';
import type { SecretRecord } from '../../apps/sidecar/src/credentials/metadata.ts';
import { SECRETS_ATTRIBUTE } from '../../apps/sidecar/src/store/codecs.ts';
import { SLOT_ATTRIBUTES } from '../../apps/sidecar/src/store/slots.ts';
import { isoWeek } from '../../apps/sidecar/src/reminders/digest-ledger.ts';
import { EMPTY_LEDGER, recordSent } from '../../apps/sidecar/src/reminders/ledger.ts';
import { REMINDERS_ATTRIBUTE, serializeLedger } from '../../apps/sidecar/src/store/codecs.ts';
import { DAY_MS, SIDECAR_CLIENT_ID, ZONE } from './reminder-scenario.ts';

const actor = { id: 'seed', username: 'seed', name: 'Seed' };

type Realm = KeycloakDouble['realm'];

function newClientRole(realm: Realm, name: string, containerId: string): void {
  const id = crypto.randomUUID();
  realm.roles.set(id, { id, name, containerId, clientRole: true, composites: new Set(), attributes: {} });
}

export function seedReminderApplications(realm: Realm, n: number, scanAt: number): void {
  const createdAt = Math.floor((scanAt - 200 * DAY_MS) / 1000);
  for (let i = 0; i < n; i++) {
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
        createdAt: createdAt + k,
        createdBy: actor,
        expiresAt: Math.floor(DateTime.fromISO(expiresOn, { zone: ZONE }).endOf('day').toMillis() / 1000),
        expiresOn,
        state: 'live',
      };
    });
    // The ledger as of yesterday: the newest milestone due then is recorded.
    let ledger = EMPTY_LEDGER;
    for (const record of records) {
      const yesterday = dueReminder({
        createdAt: record.createdAt * 1000,
        expiresAt: record.expiresAt * 1000,
        zone: ZONE,
        now: scanAt - DAY_MS,
        sent: [],
        newerLiveSecret: records.some((r) => r.expiresAt > record.expiresAt),
      });
      if (yesterday) ledger = recordSent(ledger, record.id, yesterday.id, createdAt);
    }
    const [older, newer] = records as [SecretRecord, SecretRecord];
    const client = createClient(realm, {
      clientId: `Partner-NL-Bench${String(i).padStart(5, '0')}-DM`,
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      secret: values[1],
    });
    client.attributes.set(SLOT_ATTRIBUTES.currentCreated, String(newer.createdAt));
    client.attributes.set(SLOT_ATTRIBUTES.currentExpires, String(newer.expiresAt));
    client.attributes.set(SLOT_ATTRIBUTES.rotatedValue, values[0] ?? '');
    client.attributes.set(SLOT_ATTRIBUTES.rotatedCreated, String(older.createdAt));
    client.attributes.set(SLOT_ATTRIBUTES.rotatedExpires, String(older.expiresAt));
    client.attributes.set(
      SECRETS_ATTRIBUTE,
      JSON.stringify({ schema: 1, revision: 1, writer: 'seed', secrets: records }),
    );
    client.attributes.set(REMINDERS_ATTRIBUTE, serializeLedger(ledger));
    newClientRole(realm, 'credential-manager', client.id);
  }
  // This week's operator digest went out already: the scans measure notices only.
  const own = realm.clientByClientId(SIDECAR_CLIENT_ID);
  if (own) newClientRole(realm, `credman.digest.${isoWeek(scanAt, ZONE)}.sent`, own.id);
}
