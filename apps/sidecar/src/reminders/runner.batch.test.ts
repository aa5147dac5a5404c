// The reminder run's batch path (docs/architecture.md#reminder-flow, #exactly-once): with the extension's
// `records-batch`, a page of due applications is claimed in one call and written in one call. Here over the
// double with an in-test stand-in of the two calls (testing/records-batch-fake.ts, made of stock calls), so each
// outcome can be made real: a stale read, a gone client, a live or abandoned claim, a lost claim, an SMTP refusal,
// a crash, a refused batch (the extension gone), and two replicas at once.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { CredentialService } from '../credentials/credential-service.ts';
import { KeycloakRejectedError } from '../keycloak/errors.ts';
import type { KeycloakPort } from '../keycloak/port.ts';
import type { Mailer } from '../mail/mailer.ts';
import { REMINDERS_ATTRIBUTE, SECRETS_ATTRIBUTE, parseLedger } from '../store/records/codecs.ts';
import { claimRoleName } from '../store/write-claim.ts';
import { countingPort } from '../testing/counting-port.ts';
import { nextDueAt } from './next-due.ts';
import { recordsBatchFake } from './testing/records-batch-fake.ts';
import {
  ALICE,
  ALT,
  BOB,
  DM,
  OPERATOR,
  PUBLIC_URL,
  SMC,
  ZONE,
  alice,
  local,
  startReminderStack,
  timeLimit,
} from './testing/harness.ts';
import type { ReminderStack } from './testing/harness.ts';
import type { ReminderRunnerDeps } from './runner.ts';

let stack: ReminderStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const START = Date.parse('2027-01-01T09:00:00Z');
const LEASE_PASSED = 3 * 60_000;
/** The port methods a run may call besides the scan's reads. */
const CALLS: (keyof KeycloakPort)[] = [
  'claimRecords',
  'writeRecords',
  'getClient',
  'findClientByClientId',
  'updateClient',
  'createClientRole',
  'getClientRole',
  'deleteClientRole',
  'usersWithClientRole',
  'groupsWithClientRole',
  'groupMembers',
];

/** DM, SMC and ALT with a secret each expiring on 19 February (D-42 is 8 January); bob's email unverified. */
async function batchStack() {
  const s = (stack = await startReminderStack(START, { extension: true }));
  const setup = s.service();
  for (const clientId of [DM, SMC, ALT])
    await setup.createSecret(clientId, { name: `Secret of ${clientId}`, expiresOn: '2027-02-19' }, alice);
  const fake = recordsBatchFake(s.keycloak);
  const counted = countingPort(fake.port);
  const service = (keycloak: KeycloakPort = counted.port) =>
    new CredentialService({
      nextDueAt,
      keycloak,
      now: () => s.clock.now(),
      config: { zone: ZONE, catalogue: DEFAULT_API_CATALOGUE },
      busyRetryDelaysMs: [10, 20, 50, 100],
    });
  // No operator address unless a test gives one: no digest, whose reads would mix with the counted ones.
  const settings = {
    publicUrl: PUBLIC_URL,
    zone: ZONE,
    operatorEmail: undefined,
    sidecarClientId: 'credman-sidecar',
  };
  const runner = (overrides: Partial<ReminderRunnerDeps> = {}) =>
    s.runner({
      keycloak: counted.port,
      credentials: service(),
      recordsBatch: () => Promise.resolve(true),
      settings,
      ...overrides,
    });
  const id = async (clientId: string) => (await s.keycloak.findClientByClientId(clientId))?.id ?? '';
  const revision = async (clientId: string) =>
    (
      JSON.parse(
        (await s.keycloak.findClientByClientId(clientId))?.attributes[SECRETS_ATTRIBUTE] ?? '{}',
      ) as {
        revision: number;
      }
    ).revision;
  const claimRoles = async (clientId: string) =>
    (await s.keycloak.listClientRoles(await id(clientId), 'credman.revision.', 20)).map((role) => role.name);
  const sentIds = async (clientId: string) =>
    Object.values(
      parseLedger((await s.keycloak.findClientByClientId(clientId))?.attributes[REMINDERS_ATTRIBUTE]).secrets,
    )
      .flat()
      .map((notice) => notice.id);
  const calls = (): Record<string, number> =>
    Object.fromEntries(
      CALLS.map((method): [string, number] => [method, counted.calls(method)]).filter(([, n]) => n !== 0),
    );
  const notices = (subject: string) => s.sink.received.filter((mail) => mail.subject.includes(subject));
  return { s, fake, counted, service, runner, id, revision, claimRoles, sentIds, calls, notices };
}

const D42 = local('2027-01-08', 1);

describe('reminder run, batch path (records-batch)', () => {
  it('given three applications due, then one claim and one write carry them all, each to its recipients, and nothing twice', async () => {
    const b = await batchStack();
    await b.s.setEmailVerified('bob', false); // ALT's only manager, and no operator address: unaddressed
    b.s.clock.set(D42);
    const before = await b.revision(DM);
    const altRoles = await b.claimRoles(ALT);
    expect(await b.runner().runOnce()).toMatchObject({ due: 3, sent: 2, busy: 0, failed: 0, unaddressed: 1 });
    expect(b.fake.calls.claims.map((claims) => claims.length)).toEqual([3]);
    expect(b.fake.calls.writes.map((writes) => writes.length)).toEqual([2]);
    // Nothing per application besides the two batch calls, but the release of the one with nothing sent.
    expect(b.calls()).toEqual({ claimRecords: 1, writeRecords: 1, deleteClientRole: 1 });
    expect(await b.claimRoles(ALT)).toEqual(altRoles);
    expect(b.notices(DM).map((mail) => mail.to)).toEqual([[ALICE]]);
    expect(b.notices(SMC).map((mail) => mail.to)).toEqual([[ALICE]]);
    // Recorded at the claimed revision; the superseded claim role went with the write, the newest stays.
    expect(await b.sentIds(DM)).toEqual(['before-42']);
    expect(await b.revision(DM)).toBe(before + 1);
    expect(await b.claimRoles(DM)).toEqual([claimRoleName(before + 1)]);

    b.counted.reset();
    await b.s.setEmailVerified('bob', true);
    expect(await b.runner().runOnce()).toMatchObject({ due: 1, sent: 1, unaddressed: 0 });
    expect(b.calls()).toEqual({ claimRecords: 1, writeRecords: 1 });
    expect(b.notices(ALT).map((mail) => mail.to)).toEqual([[BOB]]);
    b.counted.reset();
    expect(await b.runner().runOnce()).toMatchObject({ due: 0, sent: 0 });
    expect(b.calls()).toEqual({});
    expect(b.s.sink.received.filter((mail) => mail.subject.includes('Secret'))).toHaveLength(3);
  });

  it('given the batch claim refused (the extension gone), then the same notices go out one application at a time', async () => {
    const b = await batchStack();
    b.s.clock.set(D42);
    b.fake.onClaim = () => Promise.reject(new KeycloakRejectedError('404'));
    expect(await b.runner().runOnce()).toMatchObject({ due: 3, sent: 3, busy: 0, failed: 0 });
    expect(b.fake.calls.writes).toEqual([]);
    // The per-application path: a claim role, a read and a PUT for each.
    expect(b.calls()).toEqual({
      claimRecords: 1,
      usersWithClientRole: 3,
      groupsWithClientRole: 3,
      createClientRole: 3,
      getClient: 3,
      updateClient: 3,
      deleteClientRole: 3,
    });
    expect(b.notices(DM).map((mail) => mail.to)).toEqual([[ALICE, BOB]]);
    expect(await b.sentIds(SMC)).toEqual(['before-42']);
  });

  it('given a write since the scan and a client deleted, then that one is busy and retried, the deleted one failed', async () => {
    const b = await batchStack();
    b.s.clock.set(D42);
    const writer = b.service(b.s.keycloak);
    const smc = await b.id(SMC);
    b.fake.onClaim = async (claims, answer) => {
      b.fake.onClaim = undefined;
      await writer.recordAudit(DM, []); // another replica's write: the run's read of DM is stale
      await b.s.keycloak.deleteClient(smc);
      return answer();
    };
    expect(await b.runner().runOnce()).toMatchObject({ due: 3, sent: 1, busy: 1, failed: 1 });
    expect(b.notices(ALT)).toHaveLength(1);
    expect(b.notices(DM)).toHaveLength(0);
    expect(await b.runner().runOnce()).toMatchObject({ due: 1, sent: 1, busy: 0, failed: 0 });
    expect(b.notices(DM)).toHaveLength(1);
  });

  it('given a live claim on one application, then it is busy; once that claim is abandoned, a follow-up claim skips past it', async () => {
    const b = await batchStack();
    await b.s.setEmailVerified('bob', false);
    b.s.clock.set(D42);
    const dm = await b.id(DM);
    const held = (await b.revision(DM)) + 1;
    const description = JSON.stringify({ writer: 'another-replica', claimedAt: b.s.clock.now() });
    await b.s.keycloak.createClientRole(dm, claimRoleName(held), description);
    const withOperator = { publicUrl: PUBLIC_URL, zone: ZONE, operatorEmail: OPERATOR, sidecarClientId: 'x' };
    expect(await b.runner({ settings: withOperator }).runOnce()).toMatchObject({ due: 3, sent: 2, busy: 1 });
    expect(b.notices(DM)).toHaveLength(0);
    expect(b.notices(ALT).map((mail) => mail.to)).toEqual([[OPERATOR]]); // no verified manager: the fallback

    b.fake.calls.claims.length = 0;
    b.s.clock.advance(LEASE_PASSED);
    expect(await b.runner().runOnce()).toMatchObject({ due: 1, sent: 1, busy: 0, failed: 0 });
    expect(b.fake.calls.claims.map((claims) => claims.map((c) => c.revision))).toEqual([[held], [held + 1]]);
    expect(await b.revision(DM)).toBe(held + 1);
    expect(await b.claimRoles(DM)).toEqual([claimRoleName(held + 1)]); // the abandoned one went as obsolete
  });

  it('given a claim lost before the write, then that application counts failed and its notice goes once more, never lost', async () => {
    const b = await batchStack();
    b.s.clock.set(D42);
    const dm = await b.id(DM);
    b.fake.onWrite = async (writes, answer) => {
      b.fake.onWrite = undefined;
      const mine = writes.find((write) => write.id === dm);
      if (mine) await b.s.keycloak.deleteClientRole(dm, claimRoleName(mine.revision));
      return answer();
    };
    expect(await b.runner().runOnce()).toMatchObject({ due: 3, sent: 3, failed: 1 });
    expect(await b.sentIds(DM)).toEqual([]);
    expect(await b.sentIds(SMC)).toEqual(['before-42']);
    expect(await b.runner().runOnce()).toMatchObject({ due: 1, sent: 1, failed: 0 });
    expect(await b.runner().runOnce()).toMatchObject({ due: 0, sent: 0 });
    expect(b.notices(DM)).toHaveLength(2);
  });

  it(
    'given the SMTP server refusing, then nothing is recorded, every claim is released, and the next run sends at once',
    async () => {
      const b = await batchStack();
      b.s.clock.set(D42);
      const roles = await b.claimRoles(DM);
      b.s.sink.refuse(true);
      expect(await b.runner().runOnce()).toMatchObject({ due: 3, sent: 0, busy: 0, failed: 3 });
      expect(b.fake.calls.writes).toEqual([]);
      expect(await b.claimRoles(DM)).toEqual(roles);
      b.s.sink.refuse(false);
      expect(await b.runner().runOnce()).toMatchObject({ due: 3, sent: 3, busy: 0, failed: 0 });
    },
    timeLimit(20_000),
  );

  it('given the SMTP server refusing midway through an application, then only its accepted notice is recorded', async () => {
    const b = await batchStack();
    await b.s.service().createSecret(DM, { name: 'Second', expiresOn: '2027-02-19' }, alice);
    b.s.clock.set(D42);
    const real = b.s.mailer();
    let toDm = 0;
    const flaky: Mailer = {
      // DM's second mail is refused, whichever of its two secrets goes second.
      send: (mail) =>
        mail.subject.includes(DM) && ++toDm === 2
          ? Promise.reject(new Error('452 try later'))
          : real.send(mail),
      close: () => {
        real.close();
      },
    };
    expect(await b.runner({ mailer: flaky }).runOnce()).toMatchObject({ due: 3, sent: 3, failed: 1 });
    expect(await b.sentIds(DM)).toHaveLength(1);
    expect(b.notices(DM)).toHaveLength(1);
    expect(await b.runner().runOnce()).toMatchObject({ due: 1, sent: 1, failed: 0 });
    expect(b.notices(DM)).toHaveLength(2);
    expect(await b.sentIds(DM)).toHaveLength(2);
  });

  it('given the work crashing after the mails were accepted, then every claim is released and the next run sends once more', async () => {
    const b = await batchStack();
    b.s.clock.set(D42);
    const service = b.service();
    const crashing = b.runner({
      credentials: {
        withApplicationClaim: (application, work) => service.withApplicationClaim(application, work),
        withRecordsBatch: (applications, work) =>
          service.withRecordsBatch(applications, async (claimed) => {
            await work(claimed);
            throw new Error('crash after accepted');
          }),
      },
    });
    expect(await crashing.runOnce()).toMatchObject({ due: 3, sent: 3, failed: 3 });
    expect(await b.runner().runOnce()).toMatchObject({ due: 3, sent: 3, busy: 0, failed: 0 });
    expect(await b.runner().runOnce()).toMatchObject({ due: 0, sent: 0 });
    expect(b.s.sink.received.filter((mail) => mail.subject.includes('Secret'))).toHaveLength(6);
  });

  it(
    'given two batch runners and one per-application runner in parallel, then no notice and no digest is sent twice',
    async () => {
      const b = await batchStack();
      await b.s.service().createSecret(ALT, { name: 'Epsilon', expiresOn: '2027-02-21' }, alice);
      const settings = { publicUrl: PUBLIC_URL, zone: ZONE, operatorEmail: OPERATOR, sidecarClientId: 'x' };
      const stock = b.s.runner({ settings }); // the stock protocol, as a replica without the batch
      const [one, two] = [b.runner({ settings }), b.runner({ settings })];
      for (let at = local('2027-02-10'); at < local('2027-02-23'); at += 6 * 3_600_000) {
        b.s.clock.set(at);
        await Promise.all([one.runOnce(), two.runOnce(), stock.runOnce()]);
      }
      const keys = b.s.sink.received.map((mail) => `${mail.to.join()}|${mail.subject}`);
      expect(new Set(keys).size).toBe(keys.length);
      // Everything due was delivered despite 'busy' answers: per secret the (late) 21-day notice at the first
      // run, 8 dailies and the expired notice.
      expect(b.s.sink.received.filter((mail) => mail.subject.includes('Secret'))).toHaveLength(4 * 10);
      expect(b.fake.calls.writes.length).toBeGreaterThan(0);
    },
    timeLimit(30_000),
  );
  it(
    "given the double's own records-batch (no stand-in), then two batch runners and a per-application one send nothing twice",
    async () => {
      const b = await batchStack();
      const settings = { publicUrl: PUBLIC_URL, zone: ZONE, operatorEmail: OPERATOR, sidecarClientId: 'x' };
      const counted = countingPort(b.s.keycloak);
      // The harness's runners detect records-batch as main.ts does: the double's model offers it.
      const batch = () => b.s.runner({ settings, credentials: b.s.service({ keycloak: counted.port }) });
      const stock = b.s.runner({ settings, recordsBatch: undefined });
      const [one, two] = [batch(), batch()];
      for (let at = local('2027-02-10'); at < local('2027-02-20'); at += 6 * 3_600_000) {
        b.s.clock.set(at);
        await Promise.all([one.runOnce(), two.runOnce(), stock.runOnce()]);
      }
      const keys = b.s.sink.received.map((mail) => `${mail.to.join()}|${mail.subject}`);
      expect(new Set(keys).size).toBe(keys.length);
      // Per secret the (late) 21-day notice and the 8 dailies to 19 February.
      expect(b.s.sink.received.filter((mail) => mail.subject.includes('Secret'))).toHaveLength(3 * 9);
      expect(counted.calls('writeRecords')).toBeGreaterThan(0);
    },
    timeLimit(30_000),
  );
});
