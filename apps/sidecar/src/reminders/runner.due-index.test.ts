// The reminder run's reads with and without the due index (docs/architecture.md#reminder-flow): with credman's
// Keycloak extension only the applications due by now, without it every application (the full scan), counted at
// the port; the notices are the same either way. On the Keycloak double in `npm test` (its extension modelled or
// not) and on the real Keycloak in `npm run test:keycloak` (the server with the JAR, or the stock one beside it:
// docs/architecture.md#testing).
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { Sweeper } from '../credentials/sweeper.ts';
import { ExtensionStatus } from '../keycloak/extension-status.ts';
import { countingPort } from '../testing/counting-port.ts';
import { SEEDED_APPLICATIONS, fullScanPages, seedApplications } from '../testing/due-seed.ts';
import { DM, OPERATOR, PUBLIC_URL, ZONE, alice, local, startReminderStack } from './testing/harness.ts';
import type { ReminderStack } from './testing/harness.ts';

let stack: ReminderStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const START = Date.parse('2027-01-01T09:00:00Z');

/**
 * Seeded applications expiring at the end of 2027 (testing/due-seed.ts) and DM with a secret expiring on 19
 * February, their index entries settled by one sweep; a runner counting its reads at the port.
 */
async function manyApplications(extension: boolean, operatorEmail: string | undefined) {
  const s = (stack = await startReminderStack(START, { extension }));
  const service = s.service();
  await seedApplications(s.keycloak, service, SEEDED_APPLICATIONS, '2027-12-31');
  await service.createSecret(DM, { name: 'Billing', expiresOn: '2027-02-19' }, alice);
  const status = new ExtensionStatus({ read: () => s.keycloak.extensionInfo(), now: () => s.clock.now() });
  const dueIndex = () => status.hasDueIndex();
  // Each create's entry is due once its undelivered mark could be stale; a sweep moves it to its next event.
  s.clock.set(START + 5 * 60_000);
  await new Sweeper({
    keycloak: s.keycloak,
    credentials: service,
    catalogue: DEFAULT_API_CATALOGUE,
    logger: s.logger,
    intervalSeconds: 300,
    dueIndex,
    now: () => s.clock.now(),
  }).runOnce();
  const pages = await fullScanPages(s.keycloak);
  const counted = countingPort(s.keycloak);
  const runner = s.runner({
    keycloak: counted.port,
    credentials: s.service({ keycloak: counted.port }),
    dueIndex,
    settings: { publicUrl: PUBLIC_URL, zone: ZONE, operatorEmail, sidecarClientId: 'credman-sidecar' },
  });
  /**
   * What one scan asked Keycloak: with the due index (`due`) that once and no list; without it no due index
   * and every page of the list.
   */
  const expectScanReads = (due: boolean) => {
    expect(counted.calls('dueClients')).toBe(due ? 1 : 0);
    expect(counted.calls('searchClients')).toBe(due ? 0 : pages);
  };
  /**
   * What notifying the one due application cost besides the scan: with the extension the batch path (one claim
   * and one write for the page: reminders/notify-batch.ts), without it the per-application path's six calls.
   */
  const expectNotifyCalls = (batch: boolean) => {
    expect(counted.calls('claimRecords')).toBe(batch ? 1 : 0);
    expect(counted.calls('writeRecords')).toBe(batch ? 1 : 0);
    for (const method of ['createClientRole', 'updateClient', 'usersWithClientRole'] as const)
      expect(counted.calls(method)).toBe(batch ? 0 : 1);
  };
  return { s, counted, runner, expectScanReads, expectNotifyCalls };
}

const notices = (s: ReminderStack) => s.sink.received.filter((mail) => mail.subject.includes('Secret'));

describe.each([
  { mode: 'with the due index (extension)', extension: true },
  { mode: 'without the due index (full scan)', extension: false },
])('reminder run $mode', ({ extension }) => {
  // One stack for the dry run and the run after it: on the real Keycloak each stack costs a realm and its seeds
  // (docs/architecture.md#testing), and the dry run writes nothing the run could see.
  it('given many applications of which 1 is due, then the dry run and the run read as the mode says, and that one notice is sent once', async () => {
    const { s, counted, runner, expectScanReads, expectNotifyCalls } = await manyApplications(
      extension,
      undefined,
    );
    const at = local('2027-01-08', 1); // D-42 of 19 February
    s.clock.set(at);
    const planned = await runner.plan(at);
    expect(planned.map((mail) => mail.clientId)).toEqual([DM]);
    expectScanReads(extension);
    expect(s.sink.received).toEqual([]);

    counted.reset();
    expect(await runner.runOnce()).toMatchObject({ due: 1, sent: 1, failed: 0 });
    expectScanReads(extension);
    expectNotifyCalls(extension);
    expect(notices(s).map((mail) => mail.subject)).toEqual([expect.stringContaining(DM)]);

    counted.reset();
    expect(await runner.runOnce()).toMatchObject({ due: 0, sent: 0, failed: 0 });
    expectScanReads(extension);
    expect(notices(s)).toHaveLength(1);
  });

  it('given a week whose operator digest is still owed, then that run scans every application and the next as its mode says', async () => {
    const { s, counted, runner, expectScanReads } = await manyApplications(extension, OPERATOR);
    s.clock.set(local('2027-01-08', 1));
    expect(await runner.runOnce()).toMatchObject({ due: 1, sent: 1, digest: 'sent' });
    expectScanReads(false);

    counted.reset();
    s.clock.set(local('2027-01-09', 1)); // the same ISO week: the digest is sent
    expect(await runner.runOnce()).toMatchObject({ digest: 'already-sent' });
    expectScanReads(extension);
    expect(notices(s).map((mail) => mail.subject)).toEqual([expect.stringContaining(DM)]);
  });
});
