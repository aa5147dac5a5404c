// Keycloak failing in the middle of a create or a delete: down (connection dropped), slower than the adapter's
// timeout, or answering 500 — at the first read, at the revision claim, at the PUT, and at the clean-up of the
// previous claim. The service must answer KeycloakUnavailableError (503 + Retry-After upstream) unless the
// write certainly happened, and leave Keycloak consistent: no live secret stops working, no deleted or expired
// secret works, the invariants hold, and the next write either works at once or — when a write may still be on
// its way — waits for the claim's lease. The adapter talks to Keycloak through the fault proxy; secrets are
// checked with real token requests at the double directly.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { secretHint } from '@credman/domain';
import { KeycloakUnavailableError } from '../keycloak/errors.ts';
import { startFaultProxy } from '../testing/fault-proxy.ts';
import type { Fault, FaultProxy, RequestInfo } from '../testing/fault-proxy.ts';
import { assertInvariants } from '../testing/credential-invariants.ts';
import { startKeycloakHarness } from '../testing/keycloak-harness.ts';
import type { KeycloakHarness } from '../testing/keycloak-harness.ts';
import { ConcurrentChangeError } from '../store/errors.ts';
import type { CredentialService, SecretChange } from './credential-service.ts';
import { SECRETS_ATTRIBUTE, parseSecretsDocument } from '../store/records/codecs.ts';
import { generateSecretValue } from './secret-generator.ts';
import { DEFAULT_CLAIM_LEASE_MS } from '../config.ts';
import { UNDELIVERED_MARK_WINDOW_MS } from './undelivered.ts';
import { DEFAULT_REQUEST_DEADLINE_MS } from '../request-deadline.ts';

const APP = 'Partner-NL-OrganisationName-DM';
const DAY_MS = 86_400_000;
const TIMEOUT_MS = 300;
/** Two retries after the first attempt, short so the suite stays fast. */
const READ_RETRIES = [10, 10];
const alice = { id: 'u-alice', username: 'alice', name: 'Alice' };

const CLIENTS = '/admin/realms/credman/clients';
const ONE_CLIENT = /^\/admin\/realms\/credman\/clients\/[^/]+$/;
const CLAIM_ROLE = /^\/admin\/realms\/credman\/clients\/[^/]+\/roles\/credman\.revision\.\d+$/;
type Phase = 'first read' | 'claim' | 'PUT' | 'clean-up';
/**
 * The request of each phase of a mutation (findClientByClientId, createClientRole, updateClient, deleteClientRole).
 * `claim` matches every role create: the claim, and for a create then its undelivered mark (the same path); a
 * fault there fails the claim, the first of them.
 */
const PHASES: Record<Phase, (r: RequestInfo) => boolean> = {
  'first read': (r) =>
    r.method === 'GET' && r.path.replace(/\/$/, '') === CLIENTS && r.url.includes('clientId='),
  claim: (r) => r.method === 'POST' && /^\/admin\/realms\/credman\/clients\/[^/]+\/roles$/.test(r.path),
  PUT: (r) => r.method === 'PUT' && ONE_CLIENT.test(r.path),
  'clean-up': (r) => r.method === 'DELETE' && CLAIM_ROLE.test(r.path),
};
const FAULTS: Record<string, Fault> = {
  down: { kind: 'refuse' },
  slow: { kind: 'delay', ms: TIMEOUT_MS * 2 },
  'answering 500': { kind: 'fail' },
};

let harness: KeycloakHarness;
let proxy: FaultProxy;
let direct: CredentialService;
/** What the fault-free service announced (security notices). */
let changes: SecretChange[];
let faulty: CredentialService;
/** Every value the faulty service generated, so a write that landed unseen can still be checked. */
let generated: string[];

const dateIn = (days: number) => new Date(harness.clock.now() + days * DAY_MS).toISOString().slice(0, 10);
const works = (secret: string) => harness.works(APP, secret);

async function document() {
  const client = await harness.client(APP);
  return parseSecretsDocument(client?.attributes[SECRETS_ATTRIBUTE]);
}

/** Back to an application with no live secret, through the service without faults (past any lease). */
async function emptyApplication() {
  harness.clock.advance(30 * DAY_MS);
  await direct.sweep(APP);
  for (const secret of await direct.secrets(APP))
    if (secret.status === 'active' || secret.status === 'expiring')
      await direct.deleteSecret(APP, secret.id, alice, { force: true });
  harness.clock.advance(5000);
}

beforeAll(async () => {
  harness = await startKeycloakHarness(Date.UTC(2027, 0, 10, 9));
  proxy = await startFaultProxy(harness.url);
  direct = harness.service({
    keycloak: harness.adapter(),
    busyRetryDelaysMs: [5, 5],
    onSecretChange: (change) => changes.push(change),
  });
});
afterAll(async () => {
  await proxy.close();
  await harness.close();
});
beforeEach(async () => {
  await emptyApplication();
  proxy.reset();
  generated = [];
  changes = [];
  faulty = harness.service({
    keycloak: harness.adapter({ baseUrl: proxy.url, timeoutMs: TIMEOUT_MS, readRetryDelaysMs: READ_RETRIES }),
    generateSecret: () => {
      const value = generateSecretValue();
      generated.push(value);
      return value;
    },
    busyRetryDelaysMs: [5, 5],
  });
});

const count = (p: Phase) => proxy.requests(PHASES[p]).length;
/** The removals of secrets nobody received that were announced (security notices). */
const removals = () => changes.filter((change) => change.kind === 'undelivered-removed');

/** The undelivered mark of a secret (credentials/undelivered.ts), on the application's client. */
const MARK = /^\/admin\/realms\/credman\/clients\/[^/]+\/roles\/credman\.undelivered\.[^/]+$/;
const CLEAR: (r: RequestInfo) => boolean = (r) => r.method === 'DELETE' && MARK.test(r.path);

/** The names of the undelivered marks the application's client has. */
async function marks(): Promise<string[]> {
  const client = await harness.client(APP);
  const roles = await harness.adapter().listClientRoles(client?.id ?? '', 'credman.undelivered.', 100);
  return roles.map((role) => role.name);
}

/**
 * A read (and the idempotent clean-up) is tried 1 + retries times, a write once; a failed phase stops there.
 * `marks`: role creates after the claim — a create's undelivered mark, made once the claim is held.
 */
function expectAttempts(phase: Phase, marks = 0) {
  if (phase === 'first read') {
    expect([count('first read'), count('claim')]).toEqual([1 + READ_RETRIES.length, 0]);
  } else if (phase === 'claim') {
    expect([count('first read'), count('claim'), count('PUT')]).toEqual([1, 1 + marks, 0]);
  } else if (phase === 'PUT') {
    expect([count('claim'), count('PUT')]).toEqual([1 + marks, 1]);
  } else {
    expect(count('PUT')).toBe(1);
    expect(count('clean-up')).toBe(1 + READ_RETRIES.length);
  }
}

/**
 * What the failure left behind. `unchanged`: nothing happened. `landed-unseen`: the write happened although
 * the caller got 503. `succeeded`: the write happened and the caller was told so.
 */
type Outcome = 'unchanged' | 'landed-unseen' | 'succeeded';
/** After the failure, does the next write work at once, or only once the claim's lease has passed? */
type Next = 'at once' | 'after the lease';
type Case = [phase: Phase, fault: string, outcome: Outcome, next: Next];
const CASES: Case[] = [
  ['first read', 'down', 'unchanged', 'at once'],
  ['first read', 'slow', 'unchanged', 'at once'],
  ['first read', 'answering 500', 'unchanged', 'at once'],
  ['claim', 'down', 'unchanged', 'at once'],
  // The claim reaches Keycloak after the caller gave up: an orphan claim nobody writes under.
  ['claim', 'slow', 'unchanged', 'after the lease'],
  ['claim', 'answering 500', 'unchanged', 'at once'],
  // The connection dropped mid-request: credman cannot know that the PUT did not happen, so it keeps the claim
  // until the lease ends rather than let another write be overwritten by a late one.
  ['PUT', 'down', 'unchanged', 'after the lease'],
  // A slow PUT reaches Keycloak after the caller gave up: the write happened, unseen; it moved the revision.
  ['PUT', 'slow', 'landed-unseen', 'at once'],
  // Answered 500: the PUT is over, Keycloak shows it did not happen, so the claim is released at once.
  ['PUT', 'answering 500', 'unchanged', 'at once'],
  // The write landed; only the old claim role stays behind (harmless).
  ['clean-up', 'down', 'succeeded', 'at once'],
  ['clean-up', 'slow', 'succeeded', 'at once'],
  ['clean-up', 'answering 500', 'succeeded', 'at once'],
];

/**
 * A read by another replica that knows only the mark leaves the secret alone while its create may still be in
 * flight (the mark is younger than the window); once the mark is older, the next read removes the secret nobody
 * received: it stops working, its record says deleted by credman, the audit trail says `undelivered-removed` and
 * the managers are told; the other secret keeps working.
 */
async function expectUndeliveredRemoved(value: string, otherValue: string) {
  expect((await direct.secrets(APP)).find((s) => s.hint === secretHint(value))?.status).not.toBe('deleted');
  expect(await works(value)).toBe(true);
  harness.clock.advance(UNDELIVERED_MARK_WINDOW_MS);
  const views = await direct.secrets(APP);
  expect(views.find((s) => s.hint === secretHint(value))?.status).toBe('deleted');
  expect(await works(value)).toBe(false);
  expect(await works(otherValue)).toBe(true);
  assertInvariants(await harness.client(APP));
  const [entry] = await direct.audit(APP);
  expect(entry).toMatchObject({ action: 'undelivered-removed', secret: { hint: secretHint(value) } });
  const told = changes.filter((change) => change.kind === 'undelivered-removed');
  expect(told.map((change) => [change.actor, change.secret.hint])).toEqual([[alice, secretHint(value)]]);
  // The mark is gone with the secret.
  const client = await harness.client(APP);
  const record = (await document()).secrets.find((s) => s.hint === secretHint(value));
  expect(
    await harness.adapter().getClientRole(client?.id ?? '', `credman.undelivered.${record?.id ?? ''}`),
  ).toBeUndefined();
}

/** The next write through the fault-free service: at once, or refused until the lease has passed. */
async function expectNextWrite(next: Next) {
  if (next === 'after the lease') {
    await expect(direct.recordAudit(APP, [])).rejects.toThrow(ConcurrentChangeError);
    harness.clock.advance(DEFAULT_CLAIM_LEASE_MS + 1000);
  }
  await direct.recordAudit(APP, []);
  assertInvariants(await harness.client(APP));
}

describe.each(CASES)('Keycloak failing at the %s (%s)', (phase, faultName, outcome, next) => {
  const fault = FAULTS[faultName] ?? { kind: 'fail' };

  it(`a create ${outcome === 'succeeded' ? 'succeeds' : 'answers unavailable'}; ${outcome === 'landed-unseen' ? 'the unseen secret is recorded' : outcome === 'succeeded' ? 'its secret works' : 'nothing changed'}; the next write works ${next}`, async () => {
    // An expired (not yet swept) secret in the rotated slot and a live one in current.
    const expired = await direct.createSecret(APP, { name: 'Expired', expiresOn: dateIn(1) }, alice);
    const live = await direct.createSecret(APP, { name: 'Live', expiresOn: dateIn(200) }, alice);
    harness.clock.advance(3 * DAY_MS);
    const before = await document();

    proxy.inject({ match: PHASES[phase], fault });
    const attempt = faulty.createSecret(APP, { name: 'New', expiresOn: dateIn(100) }, alice);
    if (outcome === 'succeeded') expect(await works((await attempt).value)).toBe(true);
    else await expect(attempt).rejects.toThrow(KeycloakUnavailableError);
    await proxy.idle();

    // Once the claim is held, a create marks its secret undelivered before the PUT.
    expectAttempts(phase, phase === 'PUT' || phase === 'clean-up' ? 1 : 0);
    assertInvariants(await harness.client(APP));
    expect([await works(live.value), await works(expired.value)]).toEqual([true, false]);
    const after = await document();
    const created = after.secrets.find((s) => s.name === 'New');
    if (outcome === 'unchanged') {
      expect(after).toEqual(before);
      for (const value of generated) expect(await works(value)).toBe(false);
    } else {
      const value = generated.find((v) => secretHint(v) === created?.hint);
      expect(created?.state).toBe('live');
      expect(value !== undefined && (await works(value))).toBe(true);
      expect(after.secrets.find((s) => s.name === 'Expired')?.state).toBe('expired');
      if (outcome === 'landed-unseen') await expectUndeliveredRemoved(value ?? '', live.value);
    }
    // A create that answered cleared its mark; one that did not keeps it (inert when its PUT never landed).
    if (outcome === 'succeeded' || phase === 'first read' || phase === 'claim')
      expect(await marks()).toEqual([]);
    await expectNextWrite(next);
  });

  it(`a delete ${outcome === 'succeeded' ? 'succeeds' : 'answers unavailable'}; ${outcome === 'unchanged' ? 'the secret keeps working' : 'the secret is deleted'}; the next write works ${next}`, async () => {
    const older = await direct.createSecret(APP, { name: 'Older', expiresOn: dateIn(200) }, alice);
    const newer = await direct.createSecret(APP, { name: 'Newer', expiresOn: dateIn(100) }, alice);
    harness.clock.advance(60_000);
    const before = await document();

    proxy.inject({ match: PHASES[phase], fault });
    const attempt = faulty.deleteSecret(APP, older.secret.id, alice, { force: true });
    if (outcome === 'succeeded') await attempt;
    else await expect(attempt).rejects.toThrow(KeycloakUnavailableError);
    await proxy.idle();

    expectAttempts(phase);
    assertInvariants(await harness.client(APP));
    expect(await works(newer.value)).toBe(true);
    expect(await works(older.value)).toBe(outcome === 'unchanged');
    const after = await document();
    if (outcome === 'unchanged') expect(after).toEqual(before);
    else expect(after.secrets.find((s) => s.id === older.secret.id)?.state).toBe('deleted');
    await expectNextWrite(next);
  });
});

describe('a PUT that Keycloak applied although it answered 500', () => {
  it('the create succeeds: Keycloak shows the write, so its secret is returned and works', async () => {
    const live = await direct.createSecret(APP, { name: 'Live', expiresOn: dateIn(200) }, alice);
    proxy.inject({ match: PHASES.PUT, fault: { kind: 'fail-after-forward' } });
    const created = await faulty.createSecret(APP, { name: 'New', expiresOn: dateIn(300) }, alice);

    expect(proxy.requests(PHASES.PUT)).toHaveLength(1);
    assertInvariants(await harness.client(APP));
    expect([await works(live.value), await works(created.value)]).toEqual([true, true]);
    await expectNextWrite('at once');
  });

  it('the delete succeeds: the secret is gone and the other keeps working', async () => {
    const older = await direct.createSecret(APP, { name: 'Older', expiresOn: dateIn(200) }, alice);
    const newer = await direct.createSecret(APP, { name: 'Newer', expiresOn: dateIn(100) }, alice);
    proxy.inject({ match: PHASES.PUT, fault: { kind: 'fail-after-forward' } });
    await faulty.deleteSecret(APP, older.secret.id, alice, { force: true });

    expect(proxy.requests(PHASES.PUT)).toHaveLength(1);
    assertInvariants(await harness.client(APP));
    expect([await works(older.value), await works(newer.value)]).toEqual([false, true]);
  });
});

describe('a passing fault', () => {
  it('a read that fails once is retried and the create succeeds', async () => {
    proxy.inject({ match: PHASES['first read'], fault: { kind: 'refuse' }, times: 1 });
    const created = await faulty.createSecret(APP, { name: 'New', expiresOn: dateIn(100) }, alice);

    // Role creates: the claim and the undelivered mark.
    expect([count('first read'), count('claim'), count('PUT')]).toEqual([2, 2, 1]);
    assertInvariants(await harness.client(APP));
    expect(await works(created.value)).toBe(true);
  });

  it('a write that fails once is not retried, and the next request succeeds at once', async () => {
    proxy.inject({ match: PHASES.PUT, fault: { kind: 'fail' }, times: 1 });
    await expect(faulty.createSecret(APP, { name: 'New', expiresOn: dateIn(100) }, alice)).rejects.toThrow(
      KeycloakUnavailableError,
    );
    expect(count('PUT')).toBe(1);
    const created = await faulty.createSecret(APP, { name: 'New', expiresOn: dateIn(100) }, alice);
    expect(count('PUT')).toBe(2);
    assertInvariants(await harness.client(APP));
    expect(await works(created.value)).toBe(true);
  });
});

describe('a timed-out PUT that reaches Keycloak late', () => {
  it('a retry meanwhile is refused with 409 (the claim is held); the late secret, which nobody received, is removed by the next read', async () => {
    // Before the revision claim, the retry got a secret and the late PUT then replaced it (a lost update).
    const live = await direct.createSecret(APP, { name: 'Live', expiresOn: dateIn(200) }, alice);
    let release: () => void = () => undefined;
    const stillOnItsWay = new Promise<void>((resolve) => (release = resolve));
    proxy.inject({ match: PHASES.PUT, fault: { kind: 'hold', until: stillOnItsWay }, times: 1 });
    await expect(
      faulty.createSecret(APP, { name: 'First try', expiresOn: dateIn(100) }, alice),
    ).rejects.toThrow(KeycloakUnavailableError);
    await expect(faulty.createSecret(APP, { name: 'Retry', expiresOn: dateIn(100) }, alice)).rejects.toThrow(
      ConcurrentChangeError,
    );
    release();
    await proxy.idle();

    // The late write landed: a live secret nobody holds, until the next read removes it.
    assertInvariants(await harness.client(APP));
    expect((await document()).secrets.find((s) => s.name === 'First try')?.state).toBe('live');
    const firstTryHint = (await document()).secrets.find((s) => s.name === 'First try')?.hint;
    const firstTry = generated.find((v) => secretHint(v) === firstTryHint);
    await expectUndeliveredRemoved(firstTry ?? '', live.value);
    const retry = await faulty.createSecret(APP, { name: 'Retry', expiresOn: dateIn(100) }, alice);
    assertInvariants(await harness.client(APP));
    expect([await works(live.value), await works(retry.value)]).toEqual([true, true]);
  });

  it('while Keycloak then refuses everything, a restarted replica removes it once Keycloak answers again', async () => {
    // Before the mark was made ahead of the PUT, the replica that gave up marked after the failure: Keycloak
    // refused, only its memory knew, and a restart forgot the secret for good.
    const live = await direct.createSecret(APP, { name: 'Live', expiresOn: dateIn(200) }, alice);
    let release: () => void = () => undefined;
    const stillOnItsWay = new Promise<void>((resolve) => (release = resolve));
    proxy.inject({ match: PHASES.PUT, fault: { kind: 'hold', until: stillOnItsWay }, times: 1 });
    await expect(faulty.createSecret(APP, { name: 'Late', expiresOn: dateIn(100) }, alice)).rejects.toThrow(
      KeycloakUnavailableError,
    );
    proxy.inject({ match: () => true, fault: { kind: 'fail' } });
    release();
    await proxy.idle();
    await expect(faulty.sweep(APP)).rejects.toThrow(KeycloakUnavailableError);
    const late = (await document()).secrets.find((s) => s.name === 'Late');
    expect(late?.state).toBe('live');

    // The replica restarts (nothing in memory) and Keycloak answers again.
    proxy.reset();
    const restarted = harness.service({
      keycloak: harness.adapter({ baseUrl: proxy.url }),
      onSecretChange: (change) => changes.push(change),
    });
    expect(await restarted.sweep(APP)).toBe(false);
    harness.clock.advance(UNDELIVERED_MARK_WINDOW_MS);
    expect(await restarted.sweep(APP)).toBe(true);
    const value = generated.find((v) => secretHint(v) === late?.hint) ?? '';
    expect([await works(value), await works(live.value)]).toEqual([false, true]);
    expect((await document()).secrets.find((s) => s.id === late?.id)?.state).toBe('deleted');
    expect((await restarted.audit(APP))[0]).toMatchObject({ action: 'undelivered-removed' });
    expect(removals().map((change) => [change.kind, change.secret.id])).toEqual([
      ['undelivered-removed', late?.id],
    ]);
    expect(await marks()).toEqual([]);
    assertInvariants(await harness.client(APP));
  });

  it('a create that succeeds slowly, within the timeout, is never removed', async () => {
    proxy.inject({ match: PHASES.PUT, fault: { kind: 'delay', ms: TIMEOUT_MS / 3 }, times: 1 });
    const slow = await faulty.createSecret(APP, { name: 'Slow', expiresOn: dateIn(100) }, alice);
    await direct.secrets(APP);
    await direct.sweep(APP);
    harness.clock.advance(DEFAULT_CLAIM_LEASE_MS + 1000);
    await direct.secrets(APP);
    await faulty.sweep(APP);
    expect(await works(slow.value)).toBe(true);
    expect((await direct.secrets(APP)).find((s) => s.id === slow.secret.id)?.status).not.toBe('deleted');
    expect(changes.map((change) => change.kind)).not.toContain('undelivered-removed');
  });
});

describe('the undelivered mark: made before the PUT, cleared after it', () => {
  it('a successful create leaves no mark behind', async () => {
    const created = await faulty.createSecret(APP, { name: 'New', expiresOn: dateIn(100) }, alice);
    // Role creates: the claim, then the mark; the mark's DELETE came after the PUT.
    expect([count('claim'), count('PUT'), proxy.requests(CLEAR).length]).toEqual([2, 1, 1]);
    const order = proxy.requests((r) => PHASES.PUT(r) || CLEAR(r)).map((r) => r.method);
    expect(order).toEqual(['PUT', 'DELETE']);
    expect(await marks()).toEqual([]);
    expect(await works(created.value)).toBe(true);
  });

  it('Keycloak refusing the mark answers unavailable and writes nothing', async () => {
    const before = await document();
    // The claim passes; the mark is refused.
    proxy.inject({ match: PHASES.claim, fault: { kind: 'delay', ms: 0 }, times: 1 });
    proxy.inject({ match: PHASES.claim, fault: { kind: 'fail' } });
    await expect(faulty.createSecret(APP, { name: 'New', expiresOn: dateIn(100) }, alice)).rejects.toThrow(
      KeycloakUnavailableError,
    );
    expect([count('claim'), count('PUT')]).toEqual([2, 0]);
    expect(await document()).toEqual(before);
    // The PUT was never sent, so the claim was released: the next write needs no wait for the lease.
    await expectNextWrite('at once');
  });

  it('Keycloak refusing the mark-clear after the PUT landed: 503, and another replica removes the secret after the window', async () => {
    const live = await direct.createSecret(APP, { name: 'Live', expiresOn: dateIn(200) }, alice);
    proxy.inject({ match: CLEAR, fault: { kind: 'fail' } });
    await expect(faulty.createSecret(APP, { name: 'New', expiresOn: dateIn(100) }, alice)).rejects.toThrow(
      KeycloakUnavailableError,
    );
    const created = (await document()).secrets.find((s) => s.name === 'New');
    expect(created?.state).toBe('live');
    expect(await marks()).toEqual([`credman.undelivered.${created?.id ?? ''}`]);

    // A second replica with fresh memory: the value is nobody's, but the create might still be in flight, so
    // only once the mark is older than the window is it removed.
    const other = harness.service({ keycloak: harness.adapter(), onSecretChange: (c) => changes.push(c) });
    expect((await other.secrets(APP)).find((s) => s.id === created?.id)?.status).not.toBe('deleted');
    harness.clock.advance(UNDELIVERED_MARK_WINDOW_MS);
    expect((await other.secrets(APP)).find((s) => s.id === created?.id)?.status).toBe('deleted');
    const value = generated.find((v) => secretHint(v) === created?.hint) ?? '';
    expect([await works(value), await works(live.value)]).toEqual([false, true]);
    expect((await other.audit(APP))[0]).toMatchObject({ action: 'undelivered-removed' });
    expect(removals().map((change) => [change.kind, change.actor])).toEqual([['undelivered-removed', alice]]);
    expect(await marks()).toEqual([]);
    assertInvariants(await harness.client(APP));
  });

  it('a create still in flight (PUT landed, mark not yet cleared) is not removed by a concurrent read or sweep of another replica', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    proxy.inject({ match: CLEAR, fault: { kind: 'hold', until: held }, times: 1 });
    // A patient replica (the adapter's default timeout), whose create waits at the mark-clear.
    const slow = harness.service({ keycloak: harness.adapter({ baseUrl: proxy.url }) });
    const attempt = slow.createSecret(APP, { name: 'Slow', expiresOn: dateIn(100) }, alice);
    while (proxy.requests(CLEAR).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const inFlight = (await document()).secrets.find((s) => s.name === 'Slow');
    expect(inFlight?.state).toBe('live');

    // As late as a create can still be running: its request deadline.
    harness.clock.advance(DEFAULT_REQUEST_DEADLINE_MS);
    const other = harness.service({ keycloak: harness.adapter(), onSecretChange: (c) => changes.push(c) });
    expect((await other.secrets(APP)).find((s) => s.id === inFlight?.id)?.status).not.toBe('deleted');
    await other.sweep(APP);
    release();
    const created = await attempt;

    harness.clock.advance(UNDELIVERED_MARK_WINDOW_MS);
    await other.secrets(APP);
    await other.sweep(APP);
    expect(await works(created.value)).toBe(true);
    expect((await document()).secrets.find((s) => s.id === created.secret.id)?.state).toBe('live');
    expect(changes.map((change) => change.kind)).not.toContain('undelivered-removed');
    expect(await marks()).toEqual([]);
  });

  it('a mark whose secret never became live is dropped by a sweep once older than the window', async () => {
    // Answered 500: the PUT did not happen; the mark made before it stays behind, inert.
    proxy.inject({ match: PHASES.PUT, fault: { kind: 'fail' } });
    await expect(faulty.createSecret(APP, { name: 'Never', expiresOn: dateIn(100) }, alice)).rejects.toThrow(
      KeycloakUnavailableError,
    );
    expect(await marks()).toHaveLength(1);
    const other = harness.service({ keycloak: harness.adapter() });
    expect(await other.sweep(APP)).toBe(false);
    expect(await marks()).toHaveLength(1);
    harness.clock.advance(UNDELIVERED_MARK_WINDOW_MS);
    const restarted = harness.service({ keycloak: harness.adapter() });
    expect(await restarted.sweep(APP)).toBe(false);
    expect(await marks()).toEqual([]);
    expect((await document()).secrets.find((s) => s.name === 'Never')).toBeUndefined();
  });
});

describe('a claim left by a writer that died', () => {
  it('blocks writes for the lease, then the next writer takes over with the revision after it', async () => {
    const client = await harness.client(APP);
    if (!client) throw new Error('no client');
    const revision = parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]).revision;
    const keycloak = harness.adapter();
    await keycloak.createClientRole(
      client.id,
      `credman.revision.${String(revision + 1)}`,
      JSON.stringify({ writer: 'a-replica-that-died', claimedAt: harness.clock.now() }),
    );

    await expect(direct.recordAudit(APP, [])).rejects.toThrow(ConcurrentChangeError);
    harness.clock.advance(DEFAULT_CLAIM_LEASE_MS + 1000);
    const created = await direct.createSecret(APP, { name: 'After takeover', expiresOn: dateIn(50) }, alice);

    expect((await document()).revision).toBe(revision + 2);
    expect(await works(created.value)).toBe(true);
    // The abandoned claim and the one before it are cleaned up; the newest revision's claim stays.
    const names = await Promise.all(
      [revision, revision + 1, revision + 2].map(async (r) =>
        (await keycloak.getClientRole(client.id, `credman.revision.${String(r)}`)) === undefined
          ? 'gone'
          : 'kept',
      ),
    );
    expect(names).toEqual(['gone', 'gone', 'kept']);
  });
});
