// `npm run bench` (second part): one reminder scan over 10,000 managed applications with 20,000 secrets in the
// Keycloak double, over HTTP, with a real SMTP server on loopback. The model is seeded directly (setup is not
// what is measured): each application holds two live secrets whose expiry dates spread over a year, slots and
// `credman.secrets` consistent, and a reminder ledger that is up to date as of the day before. So the measured
// scan is the realistic worst hourly run: the first one after midnight, when the day's milestones fall due.
// A second scan right after it (nothing due) shows the steady-state cost.
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { DEFAULT_API_CATALOGUE, dueReminder } from '@credman/domain';
import { createClient } from '../packages/keycloak-double/src/import/import-realm.ts';
import type { SecretRecord } from '../apps/sidecar/src/credentials/metadata.ts';
import { SECRETS_ATTRIBUTE } from '../apps/sidecar/src/credentials/metadata.ts';
import { SLOT_ATTRIBUTES } from '../apps/sidecar/src/credentials/slots.ts';
import { isoWeek } from '../apps/sidecar/src/reminders/digest-ledger.ts';
import {
  EMPTY_LEDGER,
  REMINDERS_ATTRIBUTE,
  recordSent,
  serializeLedger,
} from '../apps/sidecar/src/reminders/ledger.ts';
import { startReminderStack, ZONE } from '../apps/sidecar/src/reminders/testing/harness.ts';

const N = Number(process.env.BENCH_REMINDER_APPS ?? 10_000);
const SCAN_AT = DateTime.fromISO('2027-06-01T00:05', { zone: ZONE }).toMillis();
const DAY = 86_400_000;
const actor = { id: 'seed', username: 'seed', name: 'Seed' };

function newRole(
  realm: { roles: Map<string, unknown> },
  name: string,
  containerId: string,
  description?: string,
) {
  const id = crypto.randomUUID();
  realm.roles.set(id, {
    id,
    name,
    containerId,
    clientRole: true,
    composites: new Set(),
    attributes: {},
    ...(description ? { description } : {}),
  });
}

const stack = await startReminderStack(SCAN_AT - DAY);
const realm = stack.double.realm;
const createdAt = Math.floor((SCAN_AT - 200 * DAY) / 1000);
for (let i = 0; i < N; i++) {
  // Two secrets per application, expiring on different days over the coming year.
  const expiries = [1 + ((i * 37) % 365), 1 + ((i * 37 + 181) % 365)].sort((a, b) => a - b);
  const values = expiries.map(
    (_, k) => `bench${String(i).padStart(6, '0')}${String(k)}valuevaluevaluevaluevaluevalue`,
  );
  const records: SecretRecord[] = expiries.map((days, k) => {
    const expiresOn = DateTime.fromMillis(SCAN_AT, { zone: ZONE }).plus({ days }).toISODate() ?? '';
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
    const newer = records.some((r) => r.expiresAt > record.expiresAt);
    const yesterday = dueReminder({
      createdAt: record.createdAt * 1000,
      expiresAt: record.expiresAt * 1000,
      zone: ZONE,
      now: SCAN_AT - DAY,
      sent: [],
      newerLiveSecret: newer,
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
  newRole(realm, 'credential-manager', client.id);
}
// This week's operator digest went out already: the scans measure notices only.
const own = realm.clientByClientId('credman-sidecar');
if (own) newRole(realm, `credman.digest.${isoWeek(SCAN_AT, ZONE)}.sent`, own.id);

stack.clock.set(SCAN_AT);
const runner = stack.runner({
  catalogue: DEFAULT_API_CATALOGUE,
  concurrency: Number(process.env.BENCH_REMINDER_CONCURRENCY ?? 4),
});
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

interface Row {
  scan: string;
  ms: number;
  calls: number;
  due: number;
  sent: number;
  busy: number;
  failed: number;
}
const rows: Row[] = [];
for (const scan of ['first after midnight', 'steady state (nothing due)']) {
  const calls = stack.adminCalls();
  const t0 = performance.now();
  const report = await runner.runOnce();
  rows.push({
    scan,
    ms: performance.now() - t0,
    calls: stack.adminCalls() - calls,
    due: report.due,
    sent: report.sent,
    busy: report.busy,
    failed: report.failed,
  });
}
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
const lists = Math.ceil(N / 100);
process.stdout.write(
  [
    `Reminder scan: ${String(N)} applications, ${String(2 * N)} secrets (double + sidecar + SMTP in one process; peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB)`,
    '| scan | wall ms | Keycloak calls | list calls ⌈N/100⌉ | calls per due application | notices sent | busy | failed |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.scan} | ${r.ms.toFixed(0)} | ${String(r.calls)} | ${String(lists)} | ${r.due === 0 ? '—' : ((r.calls - lists) / r.due).toFixed(1)} | ${String(r.sent)} | ${String(r.busy)} | ${String(r.failed)} |`,
    ),
    '',
  ].join('\n'),
);
await stack.close();
