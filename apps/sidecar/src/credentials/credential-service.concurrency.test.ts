// Many creates and deletes on one application at once: through one service (its lock serialises them: the
// invariants hold and every returned secret works until deleted) and through two services with separate locks
// (two replicas: only the revision claim in Keycloak orders them — write-claim.ts). Nothing is lost either way;
// across replicas a writer may wait or be refused with 409, never overwrite. The last two tests replay the two
// interleavings that lost updates before the claim existed (a create vanished; a deleted secret came back).
import { toSeconds } from '@credman/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { assertInvariants } from '../testing/credential-invariants.ts';
import { startKeycloakHarness } from '../testing/keycloak-harness.ts';
import type { KeycloakHarness } from '../testing/keycloak-harness.ts';
import { ConcurrentChangeError } from '../store/errors.ts';
import type { CredentialService } from './credential-service.ts';
import { AUDIT_ATTRIBUTE, parseAuditTrail } from '../store/records/codecs.ts';
import { SECRETS_ATTRIBUTE, parseSecretsDocument } from '../store/records/codecs.ts';
import { SecretLimitError } from './errors.ts';
import { startFaultProxy } from '../testing/fault-proxy.ts';
import type { RequestInfo } from '../testing/fault-proxy.ts';

const APP = 'Partner-NL-OrganisationName-SMC';
const DAY_MS = 86_400_000;
const OPERATIONS = 20;
const alice = { id: 'u-alice', username: 'alice', name: 'Alice' };

let harness: KeycloakHarness;

/** A small seeded generator, so a failing interleaving can be replayed with the same seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type CreateOutcome = { kind: 'created'; id: string; value: string } | { kind: 'refused'; error: Error };
type DeleteOutcome = { kind: 'deleted' } | { kind: 'refused'; error: Error } | { kind: 'skipped' };

interface Run {
  creates: Promise<CreateOutcome>[];
  deletes: Map<number, Promise<DeleteOutcome>>;
  /** Secrets that did not work at a moment they had to (right after their create, right before their delete). */
  notWorking: string[];
}

/**
 * Starts OPERATIONS creates and deletes at once, each after a small random delay; a delete targets one earlier
 * create (each create at most one delete) and runs once that create answered.
 */
function runConcurrently(replicas: CredentialService[], seed: number): Run {
  const next = random(seed);
  const run: Run = { creates: [], deletes: new Map(), notWorking: [] };
  const pick = () => replicas[Math.floor(next() * replicas.length)] ?? replicas[0];
  for (let i = 0; i < OPERATIONS; i++) {
    const delay = Math.floor(next() * 15);
    const untargeted = run.creates.map((_, j) => j).filter((j) => !run.deletes.has(j));
    const target = untargeted[Math.floor(next() * untargeted.length)];
    const service = pick();
    if (!service) throw new Error('no replica');
    if (target === undefined || next() < 0.5) {
      const expiresOn = new Date(harness.clock.now() + (30 + Math.floor(next() * 300)) * DAY_MS)
        .toISOString()
        .slice(0, 10);
      run.creates.push(
        sleep(delay).then(() =>
          service.createSecret(APP, { name: `Secret ${String(i)}`, expiresOn }, alice).then(
            async ({ secret, value }): Promise<CreateOutcome> => {
              if (!(await harness.works(APP, value))) run.notWorking.push(`${secret.id} after its create`);
              return { kind: 'created', id: secret.id, value };
            },
            (error: unknown) => ({ kind: 'refused', error: error as Error }),
          ),
        ),
      );
    } else {
      const created = run.creates[target];
      if (!created) throw new Error('no create to delete');
      run.deletes.set(
        target,
        created.then(async (outcome): Promise<DeleteOutcome> => {
          if (outcome.kind !== 'created') return { kind: 'skipped' };
          await sleep(delay);
          if (!(await harness.works(APP, outcome.value)))
            run.notWorking.push(`${outcome.id} before its delete`);
          return service.deleteSecret(APP, outcome.id, alice, { force: true }).then(
            () => ({ kind: 'deleted' }),
            (error: unknown) => ({ kind: 'refused', error: error as Error }),
          );
        }),
      );
    }
  }
  return run;
}

async function settle(run: Run) {
  const creates = await Promise.all(run.creates);
  const deletes = new Map<number, DeleteOutcome>();
  for (const [index, outcome] of run.deletes) deletes.set(index, await outcome);
  return { creates, deletes };
}

beforeAll(async () => {
  harness = await startKeycloakHarness(Date.UTC(2027, 2, 1, 9));
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.clock.advance(DAY_MS);
});

/** What must hold after any run: no lost create, no undone delete, records and audit agree with Keycloak. */
async function expectNothingLost(
  run: Run,
  before: { secrets: string[]; audit: number },
  allowedRefusals: (new (...args: never[]) => Error)[],
) {
  const { creates, deletes } = await settle(run);
  expect(run.notWorking).toEqual([]);
  for (const outcome of [...creates, ...deletes.values()])
    if (outcome.kind === 'refused')
      expect(outcome.error.constructor).toSatisfy((type) => allowedRefusals.includes(type as never));

  const after = await harness.client(APP);
  assertInvariants(after);
  const document = parseSecretsDocument(after?.attributes[SECRETS_ATTRIBUTE]);
  const created = creates.flatMap((c) => (c.kind === 'created' ? [c] : []));
  const deleted = new Set(
    [...deletes].flatMap(([index, d]) => {
      const c = creates[index];
      return d.kind === 'deleted' && c?.kind === 'created' ? [c.id] : [];
    }),
  );
  expect(created.length).toBeGreaterThan(1);
  for (const c of created) {
    expect(await harness.works(APP, c.value)).toBe(!deleted.has(c.id));
    expect(document.secrets.find((s) => s.id === c.id)?.state).toBe(deleted.has(c.id) ? 'deleted' : 'live');
  }
  // Refused writes left no trace: one record and one audit entry per successful create or delete.
  const newRecords = document.secrets.filter((s) => !before.secrets.includes(s.id));
  expect(newRecords.map((s) => s.id).sort()).toEqual(created.map((c) => c.id).sort());
  const audit = parseAuditTrail(after?.attributes[AUDIT_ATTRIBUTE]);
  expect(audit.length - before.audit).toBe(created.length + deleted.size);
  return { refused: [...creates, ...deletes.values()].filter((o) => o.kind === 'refused').length };
}

async function snapshot() {
  const client = await harness.client(APP);
  return {
    secrets: parseSecretsDocument(client?.attributes[SECRETS_ATTRIBUTE]).secrets.map((s) => s.id),
    audit: parseAuditTrail(client?.attributes[AUDIT_ATTRIBUTE]).length,
  };
}

describe('20 concurrent creates and deletes through one service', () => {
  it.each([1, 2, 3])(
    'seed %i: serialised by the lock, the invariants hold and nothing is lost',
    async (seed) => {
      const service = harness.service({ keycloak: harness.adapter() });
      await emptyApplication(service);
      const before = await snapshot();
      // One lock: the only refusal is the two-secret limit.
      await expectNothingLost(runConcurrently([service], seed), before, [SecretLimitError]);
    },
  );
});

async function emptyApplication(service: CredentialService) {
  for (const secret of await service.secrets(APP))
    if (secret.status === 'active' || secret.status === 'expiring')
      await service.deleteSecret(APP, secret.id, alice, { force: true });
}

describe('20 concurrent creates and deletes through two replicas (separate locks)', () => {
  it.each([1, 2, 3, 4, 5])(
    'seed %i: the claim orders the replicas, the invariants hold and nothing is lost',
    async (seed) => {
      const replicas = [
        harness.service({ keycloak: harness.adapter() }),
        harness.service({ keycloak: harness.adapter() }),
      ];
      const [first] = replicas;
      if (!first) throw new Error('no replica');
      await emptyApplication(first);
      const before = await snapshot();
      // Across replicas a writer may also give up waiting for the other (409 conflict) — and then changed nothing.
      const { refused } = await expectNothingLost(runConcurrently(replicas, seed), before, [
        SecretLimitError,
        ConcurrentChangeError,
      ]);
      expect(refused).toBeLessThan(OPERATIONS);
    },
  );

  it('a create that finds the other replica writing waits for it and plans again: both creates stand', async () => {
    // The interleaving that used to lose a create: B reads and claims revision r+1, its PUT is slow; A reads r.
    // A's claim of r+1 is refused, so A waits; once B's write landed, A re-reads (r+1) and writes r+2.
    const proxy = await startFaultProxy(harness.url);
    try {
      const replicaA = harness.service({
        keycloak: harness.adapter(),
        busyRetryDelaysMs: [100, 200, 400, 800],
      });
      const replicaB = harness.service({ keycloak: harness.adapter({ baseUrl: proxy.url }) });
      await emptyApplication(replicaA);
      let release: () => void = () => undefined;
      const isPut = (r: RequestInfo) => r.method === 'PUT';
      proxy.inject({
        match: isPut,
        fault: { kind: 'hold', until: new Promise((resolve) => (release = resolve)) },
      });
      const expiresOn = new Date(harness.clock.now() + 90 * DAY_MS).toISOString().slice(0, 10);

      const b = replicaB.createSecret(APP, { name: 'B', expiresOn }, alice);
      await vi.waitFor(() => {
        expect(proxy.requests(isPut)).toHaveLength(1);
      });
      const a = replicaA.createSecret(APP, { name: 'A', expiresOn }, alice);
      await sleep(150);
      release();
      const [aResult, bResult] = await Promise.all([a, b]);

      const client = await harness.client(APP);
      assertInvariants(client);
      expect([await harness.works(APP, aResult.value), await harness.works(APP, bResult.value)]).toEqual([
        true,
        true,
      ]);
      const document = parseSecretsDocument(client?.attributes[SECRETS_ATTRIBUTE]);
      expect(
        document.secrets
          .filter((s) => s.state === 'live')
          .map((s) => s.name)
          .sort(),
      ).toEqual(['A', 'B']);
    } finally {
      await proxy.close();
    }
  });

  it('given an EMPTY application, when a write reaches Keycloak seconds after it was planned, then Keycloak rotates in no secret nobody holds', async () => {
    // On a real server the plan (with its placeholder) is made before the claim and the PUT: the PUT can land in
    // a later second. Keycloak's rotation executor replaces an expired current secret with a new one for a year.
    const proxy = await startFaultProxy(harness.url);
    try {
      const direct = harness.service({ keycloak: harness.adapter() });
      const delayed = harness.service({ keycloak: harness.adapter({ baseUrl: proxy.url }) });
      await emptyApplication(direct);
      let release: () => void = () => undefined;
      const isPut = (r: RequestInfo) => r.method === 'PUT';
      proxy.inject({
        match: isPut,
        times: 1,
        fault: { kind: 'hold', until: new Promise((resolve) => (release = resolve)) },
      });
      const write = delayed.recordAudit(APP, [
        { at: toSeconds(harness.clock.now()), action: 'manager-added', actor: alice },
      ]);
      await vi.waitFor(() => {
        expect(proxy.requests(isPut)).toHaveLength(1);
      });
      harness.clock.advance(1500);
      release();
      await write;

      const client = await harness.client(APP);
      assertInvariants(client);
      expect(await direct.sweep(APP)).toBe(false);
      expect((await direct.audit(APP)).map((entry) => entry.action)).not.toContain('adopted');
      expect((await direct.secrets(APP)).filter((s) => s.status === 'active')).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('a delete that finds the other replica writing is refused with 409 and a deleted secret never comes back', async () => {
    // The interleaving that used to undo a delete: X and Y live; B reads (X, Y), claims, and its PUT "delete
    // Y" is slow; A deletes X meanwhile. A cannot claim, gives up with 409 (X untouched); B's write lands; A's
    // retry then deletes X from B's result. X never works again once its delete answered success.
    const proxy = await startFaultProxy(harness.url);
    try {
      const replicaA = harness.service({ keycloak: harness.adapter(), busyRetryDelaysMs: [10, 10] });
      const replicaB = harness.service({ keycloak: harness.adapter({ baseUrl: proxy.url }) });
      await emptyApplication(replicaA);
      const expiresOn = new Date(harness.clock.now() + 90 * DAY_MS).toISOString().slice(0, 10);
      const x = await replicaA.createSecret(APP, { name: 'X', expiresOn }, alice);
      const y = await replicaA.createSecret(APP, { name: 'Y', expiresOn }, alice);
      let release: () => void = () => undefined;
      const isPut = (r: RequestInfo) => r.method === 'PUT';
      proxy.inject({
        match: isPut,
        fault: { kind: 'hold', until: new Promise((resolve) => (release = resolve)) },
      });

      const deleteY = replicaB.deleteSecret(APP, y.secret.id, alice, { force: true });
      await vi.waitFor(() => {
        expect(proxy.requests(isPut)).toHaveLength(1);
      });
      await expect(replicaA.deleteSecret(APP, x.secret.id, alice, { force: true })).rejects.toThrow(
        ConcurrentChangeError,
      );
      expect(await harness.works(APP, x.value)).toBe(true);
      release();
      await deleteY;
      await replicaA.deleteSecret(APP, x.secret.id, alice, { force: true });

      const client = await harness.client(APP);
      assertInvariants(client);
      expect([await harness.works(APP, x.value), await harness.works(APP, y.value)]).toEqual([false, false]);
      const document = parseSecretsDocument(client?.attributes[SECRETS_ATTRIBUTE]);
      expect([x, y].map((s) => document.secrets.find((r) => r.id === s.secret.id)?.state)).toEqual([
        'deleted',
        'deleted',
      ]);
    } finally {
      await proxy.close();
    }
  });
});
