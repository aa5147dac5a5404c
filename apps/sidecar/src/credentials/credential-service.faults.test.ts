// Keycloak failing in the middle of a create or a delete: down (connection refused), slower than the adapter's
// timeout, or answering 500 — at the first read, at the PUT, and at the re-read after the PUT. The service must
// answer KeycloakUnavailableError (503 + Retry-After upstream) and leave Keycloak consistent: no live secret
// stops working, no deleted or expired secret works, the invariants hold. The adapter talks to Keycloak through
// the fault proxy; secrets are checked with real token requests at the double directly.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { secretHint } from '@credman/domain';
import { KeycloakUnavailableError } from '../keycloak/port.ts';
import { startFaultProxy } from '../testing/fault-proxy.ts';
import type { Fault, FaultProxy, RequestInfo } from '../testing/fault-proxy.ts';
import { assertInvariants } from '../testing/credential-invariants.ts';
import { startKeycloakHarness } from '../testing/keycloak-harness.ts';
import type { KeycloakHarness } from '../testing/keycloak-harness.ts';
import type { CredentialService } from './credential-service.ts';
import { SECRETS_ATTRIBUTE, parseSecretsDocument } from './metadata.ts';
import { generateSecretValue } from './secret-generator.ts';

const APP = 'Partner-NL-OrganisationName-DM';
const DAY_MS = 86_400_000;
const TIMEOUT_MS = 300;
/** Two retries after the first attempt, short so the suite stays fast. */
const READ_RETRIES = [10, 10];
const alice = { id: 'u-alice', username: 'alice', name: 'Alice' };

const CLIENTS = '/admin/realms/credman/clients';
type Phase = 'first read' | 'PUT' | 're-read';
/** The request of each phase of a mutation (findClientByClientId, updateClient, getClient). */
const PHASES: Record<Phase, (r: RequestInfo) => boolean> = {
  'first read': (r) =>
    r.method === 'GET' && r.path.replace(/\/$/, '') === CLIENTS && r.url.includes('clientId='),
  PUT: (r) => r.method === 'PUT' && /^\/admin\/realms\/credman\/clients\/[^/]+$/.test(r.path),
  're-read': (r) => r.method === 'GET' && /^\/admin\/realms\/credman\/clients\/[^/]+$/.test(r.path),
};
const FAULTS: Record<string, Fault> = {
  down: { kind: 'refuse' },
  slow: { kind: 'delay', ms: TIMEOUT_MS * 2 },
  'answering 500': { kind: 'fail' },
};

let harness: KeycloakHarness;
let proxy: FaultProxy;
let direct: CredentialService;
let faulty: CredentialService;
/** Every value the faulty service generated, so a write that landed unseen can still be checked. */
let generated: string[];

const dateIn = (days: number) => new Date(harness.clock.now() + days * DAY_MS).toISOString().slice(0, 10);
const works = (secret: string) => harness.works(APP, secret);

async function document() {
  const client = await harness.client(APP);
  return parseSecretsDocument(client?.attributes[SECRETS_ATTRIBUTE]);
}

/** Back to an application with no live secret, through the service without faults. */
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
  direct = harness.service({ keycloak: harness.adapter() });
});
afterAll(async () => {
  await proxy.close();
  await harness.close();
});
beforeEach(async () => {
  await emptyApplication();
  proxy.reset();
  generated = [];
  faulty = harness.service({
    keycloak: harness.adapter({ baseUrl: proxy.url, timeoutMs: TIMEOUT_MS, readRetryDelaysMs: READ_RETRIES }),
    generateSecret: () => {
      const value = generateSecretValue();
      generated.push(value);
      return value;
    },
  });
});

/** A read is tried 1 + retries times, a write once; a failed phase stops the mutation there. */
function expectAttempts(phase: Phase) {
  const count = (p: Phase) => proxy.requests(PHASES[p]).length;
  if (phase === 'first read') {
    expect(count('first read')).toBe(1 + READ_RETRIES.length);
    expect(count('PUT')).toBe(0);
  } else if (phase === 'PUT') {
    expect(count('first read')).toBe(1);
    expect(count('PUT')).toBe(1);
    expect(count('re-read')).toBe(0);
  } else {
    expect(count('PUT')).toBe(1);
    expect(count('re-read')).toBe(1 + READ_RETRIES.length);
  }
}

type Case = [phase: Phase, fault: string, landed: boolean];
const CASES: Case[] = [
  ['first read', 'down', false],
  ['first read', 'slow', false],
  ['first read', 'answering 500', false],
  ['PUT', 'down', false],
  // A slow PUT reaches Keycloak after the caller gave up: the write happened, unseen.
  ['PUT', 'slow', true],
  ['PUT', 'answering 500', false],
  ['re-read', 'down', true],
  ['re-read', 'slow', true],
  ['re-read', 'answering 500', true],
];

describe.each(CASES)('Keycloak failing at the %s (%s)', (phase, faultName, landed) => {
  const fault = FAULTS[faultName] ?? { kind: 'fail' };

  it(`a create answers unavailable; ${landed ? 'the unseen secret is recorded' : 'nothing changed'}`, async () => {
    // An expired (not yet swept) secret in the rotated slot and a live one in current.
    const expired = await direct.createSecret(APP, { name: 'Expired', expiresOn: dateIn(1) }, alice);
    const live = await direct.createSecret(APP, { name: 'Live', expiresOn: dateIn(200) }, alice);
    harness.clock.advance(3 * DAY_MS);
    const before = await document();

    proxy.inject({ match: PHASES[phase], fault });
    await expect(faulty.createSecret(APP, { name: 'New', expiresOn: dateIn(100) }, alice)).rejects.toThrow(
      KeycloakUnavailableError,
    );
    await proxy.idle();

    expectAttempts(phase);
    assertInvariants(await harness.client(APP));
    expect([await works(live.value), await works(expired.value)]).toEqual([true, false]);
    const after = await document();
    const created = after.secrets.find((s) => s.name === 'New');
    if (landed) {
      const value = generated.find((v) => secretHint(v) === created?.hint);
      expect(created?.state).toBe('live');
      expect(value !== undefined && (await works(value))).toBe(true);
      expect(after.secrets.find((s) => s.name === 'Expired')?.state).toBe('expired');
    } else {
      expect(after).toEqual(before);
      for (const value of generated) expect(await works(value)).toBe(false);
    }
  });

  it(`a delete answers unavailable; ${landed ? 'the secret is deleted' : 'the secret keeps working'}`, async () => {
    const older = await direct.createSecret(APP, { name: 'Older', expiresOn: dateIn(200) }, alice);
    const newer = await direct.createSecret(APP, { name: 'Newer', expiresOn: dateIn(100) }, alice);
    harness.clock.advance(60_000);
    const before = await document();

    proxy.inject({ match: PHASES[phase], fault });
    await expect(faulty.deleteSecret(APP, older.secret.id, alice, { force: true })).rejects.toThrow(
      KeycloakUnavailableError,
    );
    await proxy.idle();

    expectAttempts(phase);
    assertInvariants(await harness.client(APP));
    expect(await works(newer.value)).toBe(true);
    expect(await works(older.value)).toBe(!landed);
    const after = await document();
    if (landed) expect(after.secrets.find((s) => s.id === older.secret.id)?.state).toBe('deleted');
    else expect(after).toEqual(before);
  });
});

describe('a PUT that Keycloak applied although it answered 500', () => {
  it('a create answers unavailable, the write stands and is consistent', async () => {
    const live = await direct.createSecret(APP, { name: 'Live', expiresOn: dateIn(200) }, alice);
    proxy.inject({ match: PHASES.PUT, fault: { kind: 'fail-after-forward' } });
    await expect(faulty.createSecret(APP, { name: 'New', expiresOn: dateIn(300) }, alice)).rejects.toThrow(
      KeycloakUnavailableError,
    );

    expect(proxy.requests(PHASES.PUT)).toHaveLength(1);
    assertInvariants(await harness.client(APP));
    const created = (await document()).secrets.find((s) => s.name === 'New');
    const value = generated.find((v) => secretHint(v) === created?.hint);
    expect([await works(live.value), value !== undefined && (await works(value))]).toEqual([true, true]);
  });

  it('a delete answers unavailable, the secret is gone and the other keeps working', async () => {
    const older = await direct.createSecret(APP, { name: 'Older', expiresOn: dateIn(200) }, alice);
    const newer = await direct.createSecret(APP, { name: 'Newer', expiresOn: dateIn(100) }, alice);
    proxy.inject({ match: PHASES.PUT, fault: { kind: 'fail-after-forward' } });
    await expect(faulty.deleteSecret(APP, older.secret.id, alice, { force: true })).rejects.toThrow(
      KeycloakUnavailableError,
    );

    expect(proxy.requests(PHASES.PUT)).toHaveLength(1);
    assertInvariants(await harness.client(APP));
    expect([await works(older.value), await works(newer.value)]).toEqual([false, true]);
  });
});

describe('a passing fault', () => {
  it('a read that fails once is retried and the create succeeds', async () => {
    proxy.inject({ match: PHASES['first read'], fault: { kind: 'refuse' }, times: 1 });
    proxy.inject({ match: PHASES['re-read'], fault: { kind: 'fail' }, times: 1 });
    const created = await faulty.createSecret(APP, { name: 'New', expiresOn: dateIn(100) }, alice);

    expect(proxy.requests(PHASES['first read'])).toHaveLength(2);
    expect(proxy.requests(PHASES.PUT)).toHaveLength(1);
    expect(proxy.requests(PHASES['re-read'])).toHaveLength(2);
    assertInvariants(await harness.client(APP));
    expect(await works(created.value)).toBe(true);
  });

  it('a write that fails once is not retried', async () => {
    proxy.inject({ match: PHASES.PUT, fault: { kind: 'fail' }, times: 1 });
    await expect(faulty.createSecret(APP, { name: 'New', expiresOn: dateIn(100) }, alice)).rejects.toThrow(
      KeycloakUnavailableError,
    );
    expect(proxy.requests(PHASES.PUT)).toHaveLength(1);
    // The next request, the fault passed, succeeds from the same unchanged state.
    const created = await faulty.createSecret(APP, { name: 'New', expiresOn: dateIn(100) }, alice);
    expect(proxy.requests(PHASES.PUT)).toHaveLength(2);
    assertInvariants(await harness.client(APP));
    expect(await works(created.value)).toBe(true);
  });
});

describe('a timed-out PUT that reaches Keycloak late', () => {
  it('KNOWN GAP: it overwrites a write made after it, even through one service and its lock', async () => {
    // The lock is released when the first create gives up (timeout → 503); the user retries at once and gets
    // a secret; then the first PUT, still on its way, lands and replaces the state the retry wrote.
    const live = await direct.createSecret(APP, { name: 'Live', expiresOn: dateIn(200) }, alice);
    let release: () => void = () => undefined;
    const stillOnItsWay = new Promise<void>((resolve) => (release = resolve));
    proxy.inject({ match: PHASES.PUT, fault: { kind: 'hold', until: stillOnItsWay }, times: 1 });
    await expect(
      faulty.createSecret(APP, { name: 'First try', expiresOn: dateIn(100) }, alice),
    ).rejects.toThrow(KeycloakUnavailableError);
    const retry = await faulty.createSecret(APP, { name: 'Retry', expiresOn: dateIn(100) }, alice);
    expect(await works(retry.value)).toBe(true);
    release();
    await proxy.idle();

    assertInvariants(await harness.client(APP));
    expect(await works(live.value)).toBe(true);
    // The gap: the retry answered with a secret that no longer works and is no longer recorded.
    expect(await works(retry.value)).toBe(false);
    expect((await document()).secrets.map((s) => s.name)).not.toContain('Retry');
  });
});
