// With credman's Keycloak extension no read path that writes nothing brings a secret value into the sidecar
// (docs/architecture.md#keycloak-extension, "Secret-free reads"): the reminder run and its dry run, the sweeper's
// due read, an application's page and audit trail, the reconciliation's full scan, the operator's list (with and
// without a filter), a manager's list and the overview's realm scan; nor does the reminder run's batch claim and
// write (records-batch), which needs no value. Every response body the process receives while one of them runs is
// recorded (the admin client and the adapter use fetch) and searched for every secret value Keycloak holds. Out of
// scope, and left out by name: the writes those jobs make — CredentialService.sweep and withApplicationClaim, i.e.
// the claim, the read a write plans from or re-reads under its claim, and the PUT — which need the values to write
// the slots. On the Keycloak double with its extension modelled in `npm test`, on the real Keycloak with the JAR
// in `npm run test:keycloak`.
import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import type { CredentialService } from '../credentials/credential-service.ts';
import { Sweeper } from '../credentials/sweeper.ts';
import { operatorList } from '../overview/operator-list.ts';
import { RealmScanner } from '../overview/realm-scan.ts';
import {
  ALT,
  DM,
  OPERATOR,
  PUBLIC_URL,
  SMC,
  ZONE,
  alice,
  local,
  startReminderStack,
} from '../reminders/testing/harness.ts';
import type { ReminderStack } from '../reminders/testing/harness.ts';
import { APPLICATION_NAME_SEARCH } from '../store/application-scan.ts';
import { SLOT_ATTRIBUTES } from '../store/slots.ts';
import { SIDECAR_CLIENT_ID } from '../testing/demo-double.ts';
import { responsesDuring } from '../testing/received-responses.ts';
import { ExtensionStatus } from './extension-status.ts';

const START = Date.parse('2027-01-01T09:00:00Z');
/** D-42 of DM's secret; ALT's secret ended two days before. */
const AT = local('2027-01-08', 1);

let s: ReminderStack;
/** Every secret value Keycloak holds for the realm's clients when the read paths run. */
const values: string[] = [];
let credentials: CredentialService;
/** The write use cases the jobs call, each run inside `writing` so the recorder can leave their calls out. */
let jobCredentials: Pick<CredentialService, 'sweep' | 'withApplicationClaim'>;
let dueIndex: () => Promise<boolean>;
let scanner: RealmScanner;
const writing = new AsyncLocalStorage<true>();

interface Received {
  method: string;
  url: string;
  body: string;
  /** Received by one of the writes that are out of scope. */
  write: boolean;
}

/** Every secret value of every client, read whole as only a write may (before the recording starts). */
async function secretValues(stack: ReminderStack): Promise<string[]> {
  const listed = await stack.keycloak.searchClients({ search: APPLICATION_NAME_SEARCH, first: 0, max: 1000 });
  const found: string[] = [];
  for (const clientId of [...listed.map((client) => client.clientId), SIDECAR_CLIENT_ID]) {
    const whole = await stack.keycloak.findClientByClientId(clientId);
    for (const value of [whole?.secret, whole?.attributes[SLOT_ATTRIBUTES.rotatedValue]])
      if (value !== undefined && value !== '') found.push(value);
  }
  return found;
}

beforeAll(async () => {
  s = await startReminderStack(START, { extension: true });
  credentials = s.service();
  await credentials.createSecret(DM, { name: 'Billing', expiresOn: '2027-02-19' }, alice);
  await credentials.createSecret(SMC, { name: 'First', expiresOn: '2027-06-30' }, alice);
  await credentials.createSecret(SMC, { name: 'Second', expiresOn: '2027-12-31' }, alice); // both slots
  await credentials.createSecret(ALT, { name: 'Ending', expiresOn: '2027-01-06' }, alice);
  values.push(...(await secretValues(s)));
  s.clock.set(AT);
  jobCredentials = {
    sweep: (clientId, options) => writing.run(true, () => credentials.sweep(clientId, options)),
    withApplicationClaim: (application, work) =>
      writing.run(true, () => credentials.withApplicationClaim(application, work)),
  };
  const status = new ExtensionStatus({ read: () => s.keycloak.extensionInfo(), now: () => s.clock.now() });
  dueIndex = () => status.hasDueIndex();
  scanner = new RealmScanner({
    keycloak: s.keycloak,
    catalogue: DEFAULT_API_CATALOGUE,
    logger: s.logger,
    now: () => s.clock.now(),
    intervalSeconds: 900,
  });
});
afterAll(() => s.close());
afterEach(() => {
  vi.restoreAllMocks();
});

/** Every response the process receives while `read` runs, those of the out-of-scope writes marked. */
async function receivedDuring(read: () => Promise<unknown>): Promise<Received[]> {
  const received = await responsesDuring(read, () => writing.getStore() === true);
  return received.map(({ tagged, ...response }) => ({ ...response, write: tagged }));
}

/**
 * None of the in-scope bodies holds a value; the recorder saw client reads (so the check asserts something), and
 * the values are long enough that a match could not be chance.
 */
function expectNoValue(received: readonly Received[], clientReads: RegExp): void {
  const inScope = received.filter((response) => !response.write);
  expect(inScope.filter((response) => clientReads.test(response.url)).length).toBeGreaterThan(0);
  for (const response of inScope)
    for (const value of values)
      expect(response.body, `${response.method} ${response.url}`).not.toContain(value);
}

const LISTED = /\/credman\/clients\?/;
const DUE_READ = /\/credman\/clients\?dueBy=/;

describe("read paths with credman's extension", () => {
  it('given the seeded clients, then the values to look for are there, and a write does carry them', async () => {
    // DM, SMC (current and rotated), ALT, the demo realm's own and credman's own client.
    expect(values.length).toBeGreaterThanOrEqual(5);
    expect(values.every((value) => value.length >= 16)).toBe(true);
    const received = await receivedDuring(() => jobCredentials.sweep(DM, { reindex: true }));
    expect(received.some((response) => response.write && values.some((v) => response.body.includes(v)))).toBe(
      true,
    );
  });

  it("given the overview's realm scan, then no body holds a value", async () => {
    const received = await receivedDuring(async () => {
      const summary = await scanner.runOnce();
      expect(summary.applications.map((condition) => condition.clientId)).toEqual(
        expect.arrayContaining([DM, SMC, ALT]),
      );
    });
    expectNoValue(received, LISTED);
  });

  it("given the operator's list, without and with a filter, then no body holds a value", async () => {
    const list = (query: Parameters<CredentialService['listApplications']>[0]) =>
      credentials.listApplications(query);
    const received = await receivedDuring(async () => {
      const page = await operatorList({ latest: () => scanner.latest(), list }, { first: 0, max: 10 });
      expect(page.applications.map((application) => application.clientId)).toEqual(
        expect.arrayContaining([DM, SMC, ALT]),
      );
      const filtered = await operatorList(
        { latest: () => scanner.latest(), list },
        { filter: 'fewer-than-two-managers', first: 0, max: 10 },
      );
      expect(filtered.applications.length).toBeGreaterThan(0);
    });
    expectNoValue(received, LISTED);
  });

  it("given a manager's list, then no body holds a value", async () => {
    const received = await receivedDuring(async () => {
      const page = await credentials.listApplications({ clientIds: [DM, SMC, ALT], first: 0, max: 10 });
      expect(page.applications.map((application) => application.clientId)).toEqual([DM, SMC, ALT]);
    });
    expectNoValue(received, LISTED);
  });

  it("given an application's page, its secrets and its audit trail, then no body holds a value", async () => {
    const received = await receivedDuring(async () => {
      // SMC holds a secret in each slot: the page shows both records.
      const page = await credentials.application(SMC);
      expect(page.secrets.map((secret) => secret.name).sort()).toEqual(['First', 'Second']);
      expect(await credentials.secrets(SMC)).toHaveLength(2);
      expect((await credentials.audit(SMC)).length).toBeGreaterThanOrEqual(2);
    });
    expectNoValue(received, LISTED);
  });

  it('given the reminder dry run, from the due index and (a week the digest is owed) from the full scan, then no body holds a value', async () => {
    const received = await receivedDuring(async () => {
      const fromIndex = await s
        .runner({ credentials: jobCredentials, dueIndex, settings: settings(undefined) })
        .plan(AT);
      // DM's 42-day notice and ALT's notice of its ended secret.
      expect(fromIndex.map((mail) => mail.clientId).sort()).toEqual([DM, ALT]);
      const withDigest = await s
        .runner({ credentials: jobCredentials, dueIndex, settings: settings(OPERATOR) })
        .plan(AT);
      expect(withDigest.map((mail) => mail.notice)).toContain('digest');
    });
    expectNoValue(received, DUE_READ);
    expect(s.sink.received).toEqual([]);
  });

  it('given the reminder run, from the due index and then with the digest, then no body holds a value but the writes', async () => {
    const received = await receivedDuring(async () => {
      const run = s.runner({ credentials: jobCredentials, dueIndex, settings: settings(undefined) });
      expect(await run.runOnce()).toMatchObject({ due: 2, sent: 2, failed: 0 });
      const digest = s.runner({ credentials: jobCredentials, dueIndex, settings: settings(OPERATOR) });
      expect(await digest.runOnce()).toMatchObject({ digest: 'sent', failed: 0 });
    });
    expectNoValue(received, DUE_READ);
    expect(received.some((response) => response.write && response.method === 'PUT')).toBe(true);
  });

  it("given the sweeper's due read and the reconciliation's full scan, then no body holds a value but the sweeps'", async () => {
    const sweeper = new Sweeper({
      keycloak: s.keycloak,
      credentials: jobCredentials,
      catalogue: DEFAULT_API_CATALOGUE,
      logger: s.logger,
      intervalSeconds: 300,
      dueIndex,
      now: () => s.clock.now(),
      reconcile: { hourUtc: 3, due: credentials.applications.dueSettings },
    });
    const received = await receivedDuring(async () => {
      // ALT's secret ended on 6 January: the sweep records it.
      expect(await sweeper.runOnce()).toMatchObject({ swept: 1, failed: 0 });
      expect(await sweeper.reconcileOnce()).toMatchObject({ fixed: 0, failed: 0 });
    });
    expectNoValue(received, DUE_READ);
    expectNoValue(received, /\/credman\/clients\?search=/);
  });

  it('given the reminder run with records-batch, then no body at all holds a value, its claim and write included', async () => {
    s.clock.set(local('2027-01-29', 1)); // D-21 of DM's secret; ALT's notice lapsed, its secret swept above
    const received = await receivedDuring(async () => {
      // The whole service: its batch claim is taken wherever Keycloak offers it (the harness detects it).
      const run = s.runner({ credentials, dueIndex, settings: settings(undefined) });
      expect(await run.runOnce()).toMatchObject({ due: 1, sent: 1, busy: 0, failed: 0 });
    });
    // Answered ones: three weeks on, the service account's token has expired and its first call is a 401.
    const batch = received.filter(
      (response) => /\/credman\/(claims|records)$/.test(response.url) && response.body.includes('"outcomes"'),
    );
    expect(batch.map((response) => response.method).sort()).toEqual(['POST', 'PUT']);
    expect(received.filter((response) => response.write)).toEqual([]);
    expectNoValue(received, /\/credman\/claims$/);
    expect(received.some((response) => /\/clients\/[^/?]+$/.test(new URL(response.url).pathname))).toBe(
      false,
    );
  });
});

function settings(operatorEmail: string | undefined) {
  return { publicUrl: PUBLIC_URL, zone: ZONE, operatorEmail, sidecarClientId: SIDECAR_CLIENT_ID };
}
