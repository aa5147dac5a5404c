// The reminder run's reads with the due index (docs/architecture.md#reminder-flow): only the applications due by
// now, counted at the port, among 100 applications on the Keycloak double; every one in a week the operator's
// digest is still owed.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { Sweeper } from '../credentials/sweeper.ts';
import { ExtensionStatus } from '../keycloak/extension-status.ts';
import { countingPort } from '../testing/counting-port.ts';
import { seedApplications } from '../testing/due-seed.ts';
import { DM, OPERATOR, PUBLIC_URL, ZONE, alice, local, startReminderStack } from './testing/harness.ts';
import type { ReminderStack } from './testing/harness.ts';

let stack: ReminderStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const START = Date.parse('2027-01-01T09:00:00Z');

/**
 * 99 seeded applications expiring at the end of 2027 and DM with a secret expiring on 19 February, their index
 * entries settled by one sweep; a runner counting its reads at the port.
 */
async function hundredApplications(operatorEmail: string | undefined) {
  const s = (stack = await startReminderStack(START, { extension: true }));
  const service = s.service();
  await seedApplications(s.keycloak, service, 99, '2027-12-31');
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
  const counted = countingPort(s.keycloak);
  const runner = s.runner({
    keycloak: counted.port,
    dueIndex,
    settings: { publicUrl: PUBLIC_URL, zone: ZONE, operatorEmail, sidecarClientId: 'credman-sidecar' },
  });
  return { s, counted, runner };
}

const notices = (s: ReminderStack) => s.sink.received.filter((mail) => mail.subject.includes('Secret'));

describe('reminder run with the due index', () => {
  it('given 100 applications of which 1 is due, then it asks dueClients once, never searchClients, and sends that one notice', async () => {
    const { s, counted, runner } = await hundredApplications(undefined);
    s.clock.set(local('2027-01-08', 1)); // D-42 of 19 February
    expect(await runner.runOnce()).toMatchObject({ due: 1, sent: 1, failed: 0 });
    expect(counted.calls('dueClients')).toBe(1);
    expect(counted.calls('searchClients')).toBe(0);
    expect(notices(s).map((mail) => mail.subject)).toEqual([expect.stringContaining(DM)]);
  });

  it('given 1 due application, then the dry run reads the same: dueClients once, never searchClients', async () => {
    const { s, counted, runner } = await hundredApplications(undefined);
    const at = local('2027-01-08', 1);
    s.clock.set(at);
    const planned = await runner.plan(at);
    expect(planned.map((mail) => mail.clientId)).toEqual([DM]);
    expect(counted.calls('dueClients')).toBe(1);
    expect(counted.calls('searchClients')).toBe(0);
    expect(s.sink.received).toEqual([]);
  });

  it('given a week whose operator digest is still owed, then that run scans every application and the next only the due ones', async () => {
    const { s, counted, runner } = await hundredApplications(OPERATOR);
    s.clock.set(local('2027-01-08', 1));
    expect(await runner.runOnce()).toMatchObject({ due: 1, sent: 1, digest: 'sent' });
    expect(counted.calls('searchClients')).toBeGreaterThanOrEqual(2);
    expect(counted.calls('dueClients')).toBe(0);

    counted.reset();
    s.clock.set(local('2027-01-09', 1)); // the same ISO week: the digest is sent
    expect(await runner.runOnce()).toMatchObject({ digest: 'already-sent' });
    expect(counted.calls('dueClients')).toBe(1);
    expect(counted.calls('searchClients')).toBe(0);
  });
});
