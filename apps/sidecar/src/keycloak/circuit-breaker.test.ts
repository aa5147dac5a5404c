import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDeadline } from '../request-deadline.ts';
import { KeycloakAdminAdapter } from './admin-adapter.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { KeycloakUnavailableError } from './errors.ts';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = () => new CircuitBreaker({ failureThreshold: 3, coolDownMs: 5000, now: () => now });

  it('opens after the threshold of unavailable calls in a row, and a success in between resets the count', () => {
    const b = breaker();
    b.recordUnavailable();
    b.recordUnavailable();
    b.recordSuccess();
    b.recordUnavailable();
    b.recordUnavailable();
    expect(b.state).toBe('closed');
    b.recordUnavailable();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    expect(b.waitMs()).toBe(5000);
  });

  it('after the cool-down lets exactly one trial through; its success closes, its failure opens again', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.recordUnavailable();
    now += 5000;
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.recordUnavailable();
    expect(b.state).toBe('open');
    now += 5000;
    expect(b.tryAcquire()).toBe(true);
    b.recordSuccess();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
  });
});

// A "Keycloak" that accepts connections and never answers: the hanging case of docs/architecture.md#security-model.
let hanging: Server;
let url: string;
let requests = 0;

beforeAll(async () => {
  hanging = createServer(() => {
    requests += 1;
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${String((hanging.address() as AddressInfo).port)}`;
});
afterAll(async () => {
  hanging.closeAllConnections();
  await new Promise<void>((resolve) =>
    hanging.close(() => {
      resolve();
    }),
  );
});

function adapterAgainstHangingKeycloak(breaker?: CircuitBreaker): KeycloakAdminAdapter {
  return new KeycloakAdminAdapter({
    baseUrl: url,
    realm: 'credman',
    clientId: 'credman-sidecar',
    clientSecret: 'irrelevant',
    timeoutMs: 150,
    readRetryDelaysMs: [10, 10],
    breaker,
  });
}

async function unavailable(call: Promise<unknown>): Promise<KeycloakUnavailableError> {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeycloakUnavailableError);
  return error as KeycloakUnavailableError;
}

describe('the adapter while Keycloak hangs', () => {
  it('without a breaker, every read waits for all its attempts', async () => {
    const before = requests;
    await unavailable(adapterAgainstHangingKeycloak().findClientByClientId('Partner-NL-Acme-DM'));
    expect(requests - before).toBe(3);
  });

  it('with a breaker, the calls after the threshold are refused without reaching Keycloak', async () => {
    const adapter = adapterAgainstHangingKeycloak(
      new CircuitBreaker({ failureThreshold: 3, coolDownMs: 60_000, now: Date.now }),
    );
    const before = requests;
    await unavailable(adapter.findClientByClientId('Partner-NL-Acme-DM'));
    expect(requests - before).toBe(3);
    const refused = await unavailable(adapter.findClientByClientId('Partner-NL-Acme-DM'));
    expect(refused.mayStillLand).toBe(false);
    expect(refused.message).toMatch(/calls paused/);
    await unavailable(adapter.deleteClientRole('client-uuid', 'credman-claim-1'));
    expect(requests - before).toBe(3);
  });

  it('within a request deadline, a read stops retrying when the deadline leaves no room', async () => {
    const before = requests;
    const error = await withDeadline(200, () =>
      unavailable(adapterAgainstHangingKeycloak().findClientByClientId('Partner-NL-Acme-DM')),
    );
    expect(requests - before).toBeLessThanOrEqual(2);
    expect(error.mayStillLand).toBe(false);
  });

  it('after the deadline, nothing more is sent', async () => {
    const before = requests;
    await withDeadline(0, () => unavailable(adapterAgainstHangingKeycloak().findClientByClientId('x')));
    expect(requests).toBe(before);
  });
});
