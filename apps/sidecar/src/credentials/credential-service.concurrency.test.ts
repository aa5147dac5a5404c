// Many creates and deletes on one application at once: through one service (its lock serialises them: the
// invariants hold and every returned secret works until deleted) and through two services with separate locks
// (two replicas; only the re-read after each PUT can detect the other). Across replicas updates CAN be lost;
// the KNOWN GAP tests pin down the two interleavings exactly.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { assertInvariants } from '../testing/credential-invariants.ts';
import { startKeycloakHarness } from '../testing/keycloak-harness.ts';
import type { KeycloakHarness } from '../testing/keycloak-harness.ts';
import { ConcurrentChangeError } from './credential-service.ts';
import type { CredentialService } from './credential-service.ts';
import { AUDIT_ATTRIBUTE, parseAuditTrail } from '../audit/audit-trail.ts';
import { SECRETS_ATTRIBUTE, parseSecretsDocument } from './metadata.ts';
import { SecretLimitError, SecretNotFoundError } from './rotation.ts';
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

describe('20 concurrent creates and deletes through one service', () => {
  it.each([1, 2, 3])(
    'seed %i: serialised by the lock, the invariants hold and nothing is lost',
    async (seed) => {
      const service = harness.service({ keycloak: harness.adapter() });
      await emptyApplication(service);
      const client = await harness.client(APP);
      const before = parseSecretsDocument(client?.attributes[SECRETS_ATTRIBUTE]);
      const auditBefore = parseAuditTrail(client?.attributes[AUDIT_ATTRIBUTE]).length;

      const run = runConcurrently([service], seed);
      const { creates, deletes } = await settle(run);

      expect(run.notWorking).toEqual([]);
      // One lock: the only refusal is the two-secret limit; every delete of a created secret succeeds.
      for (const outcome of creates)
        if (outcome.kind === 'refused') expect(outcome.error).toBeInstanceOf(SecretLimitError);
      for (const outcome of deletes.values()) expect(outcome.kind).not.toBe('refused');

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
        expect(document.secrets.find((s) => s.id === c.id)?.state).toBe(
          deleted.has(c.id) ? 'deleted' : 'live',
        );
      }
      // Refused creates left no trace: one record and one audit entry per successful create or delete.
      const newRecords = document.secrets.filter((s) => !before.secrets.some((b) => b.id === s.id));
      expect(newRecords.map((s) => s.id).sort()).toEqual(created.map((c) => c.id).sort());
      const audit = parseAuditTrail(after?.attributes[AUDIT_ATTRIBUTE]);
      expect(audit.length - auditBefore).toBe(created.length + deleted.size);
    },
  );
});

async function emptyApplication(service: CredentialService) {
  for (const secret of await service.secrets(APP))
    if (secret.status === 'active' || secret.status === 'expiring')
      await service.deleteSecret(APP, secret.id, alice, { force: true });
}

describe('20 concurrent creates and deletes through two replicas (separate locks)', () => {
  // Two replicas can lose an update (see the KNOWN GAP tests below: a create vanishes or a delete is undone),
  // so this asserts what holds anyway: Keycloak and credman's record agree on every secret.
  it.each([1, 2, 3, 4, 5])(
    'seed %i: the invariants hold and Keycloak agrees with the record',
    async (seed) => {
      const replicas = [
        harness.service({ keycloak: harness.adapter() }),
        harness.service({ keycloak: harness.adapter() }),
      ];
      const [first] = replicas;
      if (!first) throw new Error('no replica');
      await emptyApplication(first);

      const run = runConcurrently(replicas, seed);
      const { creates, deletes } = await settle(run);

      // A refusal is the limit, a detected concurrent change (409), or a delete of a secret lost to an update.
      for (const outcome of [...creates, ...deletes.values()])
        if (outcome.kind === 'refused')
          expect(outcome.error.constructor).toSatisfy(
            (type) =>
              type === SecretLimitError || type === ConcurrentChangeError || type === SecretNotFoundError,
          );

      const client = await harness.client(APP);
      assertInvariants(client);
      const document = parseSecretsDocument(client?.attributes[SECRETS_ATTRIBUTE]);
      for (const c of creates) {
        if (c.kind !== 'created') continue;
        // Whatever the interleaving, Keycloak accepts a returned secret exactly when credman records it live.
        const record = document.secrets.find((s) => s.id === c.id);
        expect(await harness.works(APP, c.value)).toBe(record?.state === 'live');
      }
    },
  );

  it('KNOWN GAP: a write based on a stale read, landing after the other replica re-read, loses its create', async () => {
    // Interleaving: B reads (revision r) → A reads (r), PUTs r+1 with secret a, re-reads (sees a) and returns
    // a → B PUTs its own r+1 with secret b (a is not in it), re-reads (sees b) and returns b. Neither re-read
    // can see the other write, Keycloak's admin API has no conditional PUT, and a is gone with its audit entry.
    const proxy = await startFaultProxy(harness.url);
    try {
      const replicaA = harness.service({ keycloak: harness.adapter() });
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
      const a = await replicaA.createSecret(APP, { name: 'A', expiresOn }, alice);
      release();
      const bResult = await b;

      const client = await harness.client(APP);
      assertInvariants(client);
      expect(await harness.works(APP, bResult.value)).toBe(true);
      // The gap: A's create answered with a value that Keycloak no longer accepts and credman no longer records.
      expect(await harness.works(APP, a.value)).toBe(false);
      const document = parseSecretsDocument(client?.attributes[SECRETS_ATTRIBUTE]);
      expect(document.secrets.some((s) => s.id === a.secret.id)).toBe(false);
    } finally {
      await proxy.close();
    }
  });

  it('KNOWN GAP: a write based on a stale read, landing after a delete, brings the deleted secret back', async () => {
    // Interleaving: X and Y live. B reads (X, Y) to delete Y → A reads, deletes X (PUT, re-read, success) →
    // B PUTs "X live, Y deleted" and returns success: X, deleted by A, is accepted by Keycloak again.
    const proxy = await startFaultProxy(harness.url);
    try {
      const replicaA = harness.service({ keycloak: harness.adapter() });
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
      await replicaA.deleteSecret(APP, x.secret.id, alice, { force: true });
      expect(await harness.works(APP, x.value)).toBe(false);
      release();
      await deleteY;

      const client = await harness.client(APP);
      assertInvariants(client);
      // The gap: X's delete answered success, yet X works again and is recorded live.
      expect(await harness.works(APP, x.value)).toBe(true);
      const document = parseSecretsDocument(client?.attributes[SECRETS_ATTRIBUTE]);
      expect(document.secrets.find((s) => s.id === x.secret.id)?.state).toBe('live');
    } finally {
      await proxy.close();
    }
  });
});
