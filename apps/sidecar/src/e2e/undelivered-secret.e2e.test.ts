// A secret nobody received, over HTTP (docs/architecture.md#writes-that-land-late): the sidecar talks to Keycloak
// through the fault proxy, which holds a create's PUT until the sidecar's Keycloak timeout has given up on it, so
// the manager gets 503; the proxy then lets the PUT land. The secret is live although nobody holds its value,
// until its undelivered mark is older than the window: then the next GET of the application removes it, the value
// gets no token at Keycloak's token endpoint, the audit says `undelivered-removed`, the managers get the notice
// over SMTP, and the value is in no response, log line or mail. Runs on the double in `npm test` and on the real
// Keycloak in `npm run test:keycloak`; the double's clock is moved past the window, the real one is waited for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemCodeOf, secretHint } from '@credman/domain';
import type { RequestInfo } from '../testing/fault-proxy.ts';
import { DM, startE2e } from './testing/harness.ts';
import type { DemoUser, E2e, RequestInit } from './testing/harness.ts';

/** The sidecar gives a Keycloak call this long before it answers 503. */
const KEYCLOAK_TIMEOUT_MS = 2000;
/**
 * The claim lease, and so the mark window: shortened so the real server's run waits seconds, not two minutes, yet
 * longer than the request deadline (8 s), as the window must be.
 */
const CLAIM_LEASE_MS = 10_000;

const CLIENT_PUT = (r: RequestInfo) => r.method === 'PUT' && /\/clients\/[^/]+$/.test(r.path);

let e2e: E2e;
/** Every response body the test received, scanned for the value at the end. */
const bodies: string[] = [];

async function call(user: DemoUser, path: string, init?: RequestInit) {
  const response = await e2e.api(user, path, init);
  const text = await response.text();
  bodies.push(text);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    json: (): unknown => JSON.parse(text),
  };
}

interface SecretJson {
  id: string;
  name: string;
  hint: string;
  status: string;
}

async function secrets(): Promise<SecretJson[]> {
  return ((await call('alice', `/applications/${DM}`)).json() as { secrets: SecretJson[] }).secrets;
}

/** The value Keycloak holds for the secret with this hint (the sidecar's service account reads both slots). */
async function valueInKeycloak(hint: string): Promise<string | undefined> {
  const client = await e2e.keycloak.findClientByClientId(DM);
  const values = [client?.secret, client?.attributes['client.secret.rotated']];
  return values.find((value) => value !== undefined && secretHint(value) === hint);
}

/** Lets the mark window pass: the double's clock is moved, the real server's is waited for. */
async function pastTheWindow(): Promise<void> {
  if (e2e.kind === 'double') e2e.clock.advance(CLAIM_LEASE_MS + 1000);
  else await new Promise((resolve) => setTimeout(resolve, CLAIM_LEASE_MS + 1000));
}

beforeAll(async () => {
  e2e = await startE2e({
    faultProxy: { keycloakTimeoutMs: KEYCLOAK_TIMEOUT_MS },
    claimLeaseMs: CLAIM_LEASE_MS,
    mail: true,
  });
});
afterAll(async () => {
  await e2e.close();
});

describe('a create whose PUT lands after the sidecar gave up, over HTTP', () => {
  it('answers 503; the late secret is removed by a GET once its mark is older than the window, told to the managers, and its value is nowhere', async () => {
    const expiresOn = e2e.dateIn(100);
    const kept = await call('alice', `/applications/${DM}/secrets`, {
      method: 'POST',
      body: JSON.stringify({ name: 'Kept', expiresOn }),
    });
    expect(kept.status).toBe(201);
    const keptValue = (kept.json() as { value: string }).value;

    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    e2e.proxy.inject({ match: CLIENT_PUT, fault: { kind: 'hold', until: held }, times: 1 });
    const failed = await call('alice', `/applications/${DM}/secrets`, {
      method: 'POST',
      body: JSON.stringify({ name: 'Lost', expiresOn }),
    });
    expect([failed.status, failed.type]).toEqual([503, 'application/problem+json; charset=utf-8']);
    expect(problemCodeOf((failed.json() as { type: string }).type)).toBe('keycloak-unavailable');
    release();
    await e2e.proxy.idle();

    // Landed: live and working, but within the window its create could still be in flight, so it stays.
    const lost = (await secrets()).find((secret) => secret.name === 'Lost');
    expect(lost?.status).toBe('active');
    const value = await valueInKeycloak(lost?.hint ?? '');
    expect(value !== undefined && (await e2e.tokenWorks(DM, value))).toBe(true);

    await pastTheWindow();
    expect((await secrets()).find((secret) => secret.id === lost?.id)?.status).toBe('deleted');
    expect([await e2e.tokenWorks(DM, value ?? ''), await e2e.tokenWorks(DM, keptValue)]).toEqual([
      false,
      true,
    ]);
    const audit = (await call('alice', `/applications/${DM}/audit`)).json() as {
      entries: { action: string; secret?: { id?: string } }[];
    };
    expect(audit.entries[0]).toMatchObject({ action: 'undelivered-removed', secret: { id: lost?.id } });

    await e2e.noticesSent();
    const notices = e2e.smtp.received.filter((mail) => mail.subject.includes('nobody received it'));
    expect(notices.map((mail) => [[...mail.to].sort(), mail.subject])).toEqual([
      [
        ['alice.anders@example.org', 'bob.bakker@example.org'],
        `[credman] Secret "Lost" of ${DM} removed: nobody received it`,
      ],
    ]);
    const everywhere = [...bodies, e2e.logs.text(), ...e2e.smtp.received.map((mail) => mail.raw)];
    expect(everywhere.filter((text) => value !== undefined && text.includes(value))).toEqual([]);
  });
});
