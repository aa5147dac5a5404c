// credman on Keycloak's own cluster (npm run test:cluster): two Keycloak nodes on one PostgreSQL database, replica A
// in front of node 1 and replica B in front of node 2, each its own sidecar process over real HTTP. What only a
// real cluster shows: the revision claim across nodes (docs/architecture.md#revision-claim), a new secret state
// visible at every node at once, a node lost in the middle of writes, and reminders exactly once with one runner
// per node.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE, toSeconds } from '@credman/domain';
import { REPO_ROOT, waitForClusterView } from '@credman/keycloak-real';
import { CredentialService } from '../credentials/credential-service.ts';
import { nextDueAt } from '../reminders/next-due.ts';
import { UNDELIVERED_MARK_WINDOW_MS } from '../credentials/undelivered.ts';
import { parseSecretsDocument, SECRETS_ATTRIBUTE } from '../store/records/codecs.ts';
import { dueNotices } from '../reminders/due.ts';
import { recordSent } from '../reminders/ledger.ts';
import { EMPTY_LEDGER } from '../store/records/ledger.ts';
import {
  ALT,
  OPERATOR,
  SIDECAR_SECRET,
  SMC,
  ZONE,
  alice,
  local,
  startReminderStack,
} from '../reminders/testing/harness.ts';
import { sidecarAdapter } from '../testing/demo-double.ts';
import { assertInvariants } from '../testing/credential-invariants.ts';
import { startClusterStack } from './testing/cluster-harness.ts';
import type { ClusterStack } from './testing/cluster-harness.ts';
import { percentiles } from './testing/percentiles.ts';

const DM = 'Partner-NL-OrganisationName-DM';
const DAY_MS = 86_400_000;
const HOUR = 3_600_000;
let stack: ClusterStack;

beforeAll(async () => {
  stack = await startClusterStack();
  // Log alice in at both nodes now: the second login waits for the next TOTP step.
  await stack.token('alice', 0);
  await stack.token('alice', 1);
});
afterAll(async () => {
  // The replicas' JSON logs, to read after a failure.
  for (const replica of (stack as ClusterStack | undefined)?.replicas ?? []) {
    writeText(`cluster-replica-${replica.name}.log`, replica.output());
    const warnings = replica
      .output()
      .split('\n')
      .filter((line) => /"level":(40|50|60)/.test(line));
    process.stderr.write(
      `[cluster] replica ${replica.name}: ${String(warnings.length)} warning/error log lines${warnings.length ? `, the last:\n${warnings.slice(-8).join('\n')}` : ''}\n`,
    );
  }
  await (stack as ClusterStack | undefined)?.close();
});

interface Created {
  id: string;
  value: string;
}
type Replica = 0 | 1;
const expiresOn = (): string => new Date(Date.now() + 200 * DAY_MS).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function create(
  replica: Replica,
  name: string,
): Promise<{ status: number; created?: Created; retryAfter: string | null }> {
  const response = await stack.api('alice', replica, `/applications/${DM}/secrets`, {
    method: 'POST',
    body: { name, expiresOn: expiresOn() },
  });
  const retryAfter = response.headers.get('retry-after');
  if (response.status !== 201) {
    await response.arrayBuffer();
    return { status: response.status, retryAfter };
  }
  const body = (await response.json()) as { secret: { id: string }; value: string };
  return { status: 201, created: { id: body.secret.id, value: body.value }, retryAfter };
}

async function remove(replica: Replica, id: string): Promise<{ status: number; retryAfter: string | null }> {
  const response = await stack.api('alice', replica, `/applications/${DM}/secrets/${id}?force=true`, {
    method: 'DELETE',
  });
  await response.arrayBuffer();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

async function liveIds(replica: Replica): Promise<string[]> {
  const response = await stack.api('alice', replica, `/applications/${DM}`);
  expect(response.status).toBe(200);
  const detail = (await response.json()) as { secrets: { id: string; status: string }[] };
  return detail.secrets
    .filter((s) => s.status === 'active' || s.status === 'expiring')
    .map((s) => s.id)
    .sort();
}

async function auditOf(replica: Replica): Promise<{ action: string; secret?: { id: string } }[]> {
  const response = await stack.api('alice', replica, `/applications/${DM}/audit`);
  return ((await response.json()) as { entries: { action: string; secret?: { id: string } }[] }).entries;
}

async function emptyApplication(): Promise<void> {
  for (const id of await liveIds(0)) expect((await remove(0, id)).status).toBe(204);
}

async function assertInvariantsAtBothNodes(): Promise<void> {
  for (const node of [0, 1]) assertInvariants(await stack.adapter(node).findClientByClientId(DM));
}

/** Audit entries of an action for the given secrets: each exactly once, and none for any other of them. */
function auditedOnce(
  entries: { action: string; secret?: { id: string } }[],
  action: string,
  ids: Set<string>,
) {
  return entries
    .filter((e) => e.action === action && e.secret !== undefined && ids.has(e.secret.id))
    .map((e) => e.secret?.id ?? '')
    .sort();
}

function writeText(name: string, text: string): void {
  const dir = `${REPO_ROOT}test-artifacts`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${name}`, text);
}

function writeArtifact(name: string, data: unknown): void {
  writeText(name, `${JSON.stringify(data, null, 2)}\n`);
}

describe('credman on a two-node Keycloak cluster', () => {
  it('(a) 50 concurrent creates and deletes over both replicas: at most two live, each works or fails at both nodes, audit exact', async () => {
    await emptyApplication();
    const created: Created[] = [];
    const deleted = new Set<string>();
    const statuses: Record<string, number> = {};
    const count = (key: string) => (statuses[key] = (statuses[key] ?? 0) + 1);
    // Two live secrets to start with, so the first deletes have targets; later ones aim at secrets still live
    // as far as this test has heard (else at any created one: a 404).
    for (const name of ['Seed 1', 'Seed 2']) {
      const seeded = (await create(0, name)).created;
      if (!seeded) throw new Error('seeding failed');
      created.push(seeded);
    }
    const candidates = created.map((c) => c.id);
    const pick = (ids: string[]) => ids[Math.floor(Math.random() * ids.length)] ?? '';
    // 25 creates and 25 deletes, alternating, started 40 ms apart (each takes longer), replicas A A B B A A …
    const operation = async (i: number): Promise<void> => {
      await sleep(i * 40);
      const replica = (Math.floor(i / 2) % 2) as Replica;
      if (i % 2 === 0) {
        const result = await create(replica, `Concurrent ${String(i)}`);
        count(`create ${String(result.status)}`);
        expect([201, 409]).toContain(result.status);
        if (result.created) {
          created.push(result.created);
          candidates.push(result.created.id);
        }
      } else {
        const target = candidates.length > 0 ? pick(candidates) : pick(created.map((c) => c.id));
        const result = await remove(replica, target);
        count(`delete ${String(result.status)}`);
        expect([204, 404, 409]).toContain(result.status);
        if (result.status === 204) deleted.add(target);
        const index = candidates.indexOf(target);
        if (result.status !== 409 && index >= 0) candidates.splice(index, 1);
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, i) => operation(i)));
    process.stderr.write(`[cluster] (a) answers: ${JSON.stringify(statuses)}\n`);

    const [atA, atB] = [await liveIds(0), await liveIds(1)];
    expect(atB).toEqual(atA);
    expect(atA.length).toBeLessThanOrEqual(2);
    expect(atA).toEqual(
      created
        .map((c) => c.id)
        .filter((id) => !deleted.has(id))
        .sort(),
    );
    for (const secret of created) {
      const live = atA.includes(secret.id);
      expect([
        await stack.tokenWorks(0, DM, secret.value),
        await stack.tokenWorks(1, DM, secret.value),
      ]).toEqual([live, live]);
    }
    const ids = new Set(created.map((c) => c.id));
    const audit = await auditOf(1);
    expect(auditedOnce(audit, 'created', ids)).toEqual([...ids].sort());
    expect(auditedOnce(audit, 'deleted', ids)).toEqual([...deleted].sort());
    await assertInvariantsAtBothNodes();
  });

  it('(b) a secret created through node 1 works at node 2, and a deleted one fails there: 50 rotations measured', async () => {
    await emptyApplication();
    const untilWorks: number[] = [];
    const untilFails: number[] = [];
    let firstTryWorks = 0;
    let firstTryFails = 0;
    const waitAtNode2 = async (value: string, expected: boolean): Promise<{ ms: number; first: boolean }> => {
      const start = performance.now();
      for (let attempt = 0; ; attempt++) {
        if ((await stack.tokenWorks(1, DM, value)) === expected)
          return { ms: performance.now() - start, first: attempt === 0 };
        if (performance.now() - start > 30_000) throw new Error(`node 2 did not see the change within 30 s`);
        await sleep(5);
      }
    };
    let previous = (await create(0, 'Rotation 0')).created;
    for (let i = 1; i <= 50; i++) {
      const next = (await create(0, `Rotation ${String(i)}`)).created;
      if (!next || !previous) throw new Error(`rotation ${String(i)}: create failed`);
      const works = await waitAtNode2(next.value, true);
      untilWorks.push(works.ms);
      if (works.first) firstTryWorks++;
      expect((await remove(0, previous.id)).status).toBe(204);
      const fails = await waitAtNode2(previous.value, false);
      untilFails.push(fails.ms);
      if (fails.first) firstTryFails++;
      previous = next;
    }
    const report = {
      rotations: 50,
      createdAtNode1UntilWorksAtNode2Ms: percentiles(untilWorks),
      worksAtFirstTokenRequest: firstTryWorks,
      deletedAtNode1UntilFailsAtNode2Ms: percentiles(untilFails),
      failsAtFirstTokenRequest: firstTryFails,
    };
    process.stderr.write(`[cluster] (b) ${JSON.stringify(report)}\n`);
    writeArtifact('cluster-propagation.json', report);
    await assertInvariantsAtBothNodes();
  });
  it('(c) node 1 stopped in the middle of writes: replica A answers 503 with Retry-After, nothing is lost or resurrected, and after the restart A writes again', async () => {
    await emptyApplication();
    const created: Created[] = [];
    const deleted = new Set<string>();
    const unavailable: (string | null)[] = [];
    const statuses: Record<string, number> = {};
    const count = (key: string) => (statuses[key] = (statuses[key] ?? 0) + 1);
    let writing = true;
    const writer = async (): Promise<void> => {
      for (let i = 0; writing; i++) {
        const live = created.filter((c) => !deleted.has(c.id));
        const oldest = live[0];
        if (live.length >= 2 && oldest) {
          const result = await remove(0, oldest.id);
          count(`delete ${String(result.status)}`);
          if (result.status === 204) deleted.add(oldest.id);
          else if (result.status === 503) unavailable.push(result.retryAfter);
          else expect(result.status).toBe(204);
        } else {
          const result = await create(0, `Outage ${String(i)}`);
          count(`create ${String(result.status)}`);
          if (result.created) created.push(result.created);
          else if (result.status === 503) unavailable.push(result.retryAfter);
          else expect(result.status).toBe(201);
        }
        if (statuses['create 503'] !== undefined || statuses['delete 503'] !== undefined) await sleep(250);
      }
    };
    const node1 = stack.cluster.nodes[0];
    if (!node1) throw new Error('no node 1');
    const writing$ = writer();
    let throughB: Awaited<ReturnType<typeof create>>;
    try {
      await sleep(3000);
      await node1.stop();
      await sleep(5000);
      // Node 2 carries on: replica B writes while node 1 is down, unless a claim of A's interrupted write still
      // holds the application (409, nothing changed) until its lease ends (docs/architecture.md#revision-claim).
      throughB = await create(1, 'While node 1 is down');
    } finally {
      writing = false;
      await writing$;
    }
    const writesEndedAt = Date.now();
    expect([201, 409]).toContain(throughB.status);
    if (throughB.created) created.push(throughB.created);
    process.stderr.write(`[cluster] (c) answers while node 1 stopped: ${JSON.stringify(statuses)}\n`);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const retryAfter of unavailable) expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);

    const expected = created
      .map((c) => c.id)
      .filter((id) => !deleted.has(id))
      .sort();
    // A create answered 503 whose PUT reached Keycloak before node 1 went is live but nobody holds it: still
    // marked undelivered, it is removed by the first read after the mark's window, not before
    // (docs/architecture.md#writes-that-land-late). Nothing answered 201 is missing, nothing deleted is back.
    const duringWindow = await liveIds(1);
    const undelivered = duringWindow.filter((id) => !expected.includes(id));
    expect(duringWindow.filter((id) => expected.includes(id))).toEqual(expected);
    expect(undelivered.length).toBeLessThanOrEqual(statuses['create 503'] ?? 0);
    const restartedAt = performance.now();
    await node1.restart();
    await waitForClusterView(
      stack.cluster.nodes.map((node) => node.server),
      2,
    );
    process.stderr.write(
      `[cluster] (c) node 1 back in the cluster after ${((performance.now() - restartedAt) / 1000).toFixed(0)} s; ${String(undelivered.length)} undelivered secret(s) live until the window\n`,
    );
    await sleep(Math.max(0, writesEndedAt + UNDELIVERED_MARK_WINDOW_MS + 2000 - Date.now()));
    expect(await liveIds(0)).toEqual(expected);
    const removedUndelivered = (await auditOf(1))
      .filter((entry) => entry.action === 'undelivered-removed')
      .map((entry) => entry.secret?.id);
    for (const id of undelivered) expect(removedUndelivered).toContain(id);
    for (const secret of created) {
      const live = expected.includes(secret.id);
      expect([
        await stack.tokenWorks(0, DM, secret.value),
        await stack.tokenWorks(1, DM, secret.value),
      ]).toEqual([live, live]);
    }
    // A writes again, at the latest once the claim lease of its interrupted write has passed: it deletes the
    // oldest live secret (a delete refused with 409 changed nothing) and creates one.
    const retryUntil = Date.now() + 150_000;
    const oldest = expected[0];
    if (oldest !== undefined) {
      let removed = await remove(0, oldest);
      while (removed.status === 409 && Date.now() < retryUntil) {
        await sleep(2000);
        removed = await remove(0, oldest);
      }
      expect(removed.status).toBe(204);
    }
    let after = await create(0, 'After the restart');
    while (after.status === 409 && Date.now() < retryUntil) {
      await sleep(2000);
      after = await create(0, 'After the restart');
    }
    expect(after.status).toBe(201);
    process.stderr.write(
      `[cluster] (c) B during the outage: ${String(throughB.status)}; A's first write after the restart ${((performance.now() - restartedAt) / 1000).toFixed(0)} s after the restart began\n`,
    );
    await assertInvariantsAtBothNodes();
  });

  it('(d) two reminder runners, one per node, over a simulated month: every due notice exactly once', async () => {
    // The reminder harness imports a realm of its own through the master admin of node 1 (it reads these).
    Object.assign(process.env, {
      KEYCLOAK_URL: stack.nodeUrl(0),
      KEYCLOAK_ADMIN_USERNAME: 'admin',
      KEYCLOAK_ADMIN_PASSWORD: 'admin',
    });
    const s = await startReminderStack(Date.parse('2027-01-01T09:00:00Z'));
    try {
      const service = s.service();
      await service.createSecret(DM, { name: 'Alpha', expiresOn: '2027-03-31' }, alice);
      await service.createSecret(SMC, { name: 'Gamma', expiresOn: '2027-03-31' }, alice);
      await service.createSecret(ALT, { name: 'Delta', expiresOn: '2027-03-30' }, alice);
      await service.createSecret(ALT, { name: 'Epsilon', expiresOn: '2027-04-01' }, alice);
      const atNode2 = sidecarAdapter(stack.nodeUrl(1), s.realm, SIDECAR_SECRET);
      const runners = [
        s.runner(),
        s.runner({
          keycloak: atNode2,
          credentials: new CredentialService({
            nextDueAt,
            keycloak: atNode2,
            now: () => s.clock.now(),
            config: { zone: ZONE, catalogue: DEFAULT_API_CATALOGUE },
          }),
        }),
      ];
      const documents = await Promise.all(
        [DM, SMC, ALT].map(async (app) =>
          parseSecretsDocument((await s.keycloak.findClientByClientId(app))?.attributes[SECRETS_ATTRIBUTE]),
        ),
      );
      const ledgers = documents.map(() => EMPTY_LEDGER);
      let expectedNotices = 0;
      for (let at = local('2027-03-01'); at < local('2027-04-03'); at += 6 * HOUR) {
        s.clock.set(at);
        await Promise.all(runners.map((runner) => runner.runOnce()));
        documents.forEach((document, i) => {
          for (const due of dueNotices({
            document,
            ledger: ledgers[i] ?? EMPTY_LEDGER,
            now: at,
            zone: ZONE,
          })) {
            ledgers[i] = recordSent(ledgers[i] ?? EMPTY_LEDGER, due.secret.id, due.notice.id, toSeconds(at));
            expectedNotices++;
          }
        });
      }
      const keys = s.sink.received.map((m) => `${m.to.join()}|${m.subject}`);
      expect(new Set(keys).size).toBe(keys.length);
      const notices = s.sink.received.filter((m) => !m.to.includes(OPERATOR));
      process.stderr.write(
        `[cluster] (d) ${String(notices.length)} notices (expected ${String(expectedNotices)}), ${String(s.sink.received.length - notices.length)} operator digests\n`,
      );
      expect(notices).toHaveLength(expectedNotices);
      expect(s.sink.received.length - notices.length).toBeGreaterThanOrEqual(4); // a weekly digest, 5 weeks
    } finally {
      await s.close();
    }
  });
});
