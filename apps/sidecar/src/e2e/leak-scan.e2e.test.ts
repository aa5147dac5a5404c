// The leak scan (docs/architecture.md#security-model): a secret value is shown once, in the response that
// creates it, and nowhere else. A create/create/delete/sweep flow runs over real HTTP against the Keycloak
// double; then every sidecar log line, every other HTTP response, the audit trail, every credman.* attribute
// credman wrote and the double's admin-event representations are searched for each plaintext value. Also
// searched: a real access token sent in a query string, and the sidecar's client secret and a refresh token
// nested deep in an error that the sweeper logs.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { Sweeper } from '../credentials/sweeper.ts';
import { DAY_MS, DM, SIDECAR_SECRET, startE2e } from './testing/harness.ts';
import type { DemoUser, E2e, RequestInit } from './testing/harness.ts';

let e2e: E2e;
/** Bodies of every response except the two that create a secret. */
const responses: string[] = [];

/** A request whose response body joins the scanned set. */
async function scanned(user: DemoUser, path: string, init?: RequestInit): Promise<Response> {
  const response = await e2e.api(user, path, init);
  const headers = JSON.stringify([...response.headers.entries()]);
  const body = await response.text();
  responses.push(`${headers}\n${body}`);
  return new Response(body === '' ? null : body, { status: response.status, headers: response.headers });
}

/** The one response allowed to carry the value; it is not scanned. */
async function createSecret(
  user: DemoUser,
  name: string,
  expiresOn: string,
): Promise<{ id: string; value: string }> {
  const response = await e2e.api(user, `/applications/${DM}/secrets`, {
    method: 'POST',
    body: JSON.stringify({ name, expiresOn }),
  });
  expect(response.status).toBe(201);
  const created = (await response.json()) as { secret: { id: string }; value: string };
  return { id: created.secret.id, value: created.value };
}

function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

beforeAll(async () => {
  e2e = await startE2e();
});

afterAll(async () => {
  await e2e.close();
});

describe('leak scan of a create/create/delete/sweep flow', () => {
  it('finds no created secret value anywhere but in its create response', async () => {
    const first = await createSecret('alice', 'Leak scan one', e2e.dateIn(200));
    // The second expires tomorrow, so the sweep below has an expiry to record.
    const second = await createSecret('bob', 'Leak scan two', e2e.dateIn(1));
    expect(await e2e.tokenWorks(DM, first.value)).toBe(true);
    expect(await e2e.tokenWorks(DM, second.value)).toBe(true);

    expect((await scanned('alice', `/applications/${DM}`)).status).toBe(200);
    expect(
      (await scanned('alice', `/applications/${DM}/secrets/${first.id}`, { method: 'DELETE' })).status,
    ).toBe(409);
    expect(
      (await scanned('alice', `/applications/${DM}/secrets/${first.id}?force=true`, { method: 'DELETE' }))
        .status,
    ).toBe(204);

    e2e.clock.advance(3 * DAY_MS);
    const sweeper = new Sweeper({
      keycloak: e2e.keycloak,
      credentials: e2e.credentials,
      catalogue: DEFAULT_API_CATALOGUE,
      logger: e2e.logs.logger,
      intervalSeconds: 3600,
    });
    const run = await sweeper.runOnce();
    expect(run.swept).toBeGreaterThanOrEqual(1);
    expect(run.failed).toBe(0);

    // The tokens from before expired with the clock; log in again (a later TOTP step, so a fresh code).
    await e2e.login('alice');
    await e2e.login('olivia');
    for (const path of ['/me', '/applications', `/applications/${DM}`, `/applications/${DM}/managers`])
      expect((await scanned('alice', path)).status).toBe(200);
    const auditResponse = await scanned('olivia', `/applications/${DM}/audit`);
    expect(auditResponse.status).toBe(200);
    const audit = (await auditResponse.json()) as { entries: { action: string }[] };
    expect(audit.entries.map((entry) => entry.action)).toContain('expired');

    // Some clients send their token in the query string; the request line must not keep it.
    const queryToken = await e2e.token('alice');
    expect((await scanned('alice', `/me?access_token=${queryToken}&force=true`)).status).toBe(200);
    // A failure whose error carries a token grant (client secret, refresh token) deep inside, as an upstream
    // client's error may: the sweeper logs the whole error.
    const refreshToken = `refresh-${randomUUID()}`;
    const grantFailure = Object.assign(new Error('token grant failed'), {
      response: {
        data: { request: { form: { client_secret: SIDECAR_SECRET, refresh_token: refreshToken } } },
      },
    });
    const failing = new Sweeper({
      keycloak: e2e.keycloak,
      credentials: { sweep: () => Promise.reject(grantFailure) },
      catalogue: DEFAULT_API_CATALOGUE,
      logger: e2e.logs.logger,
      intervalSeconds: 3600,
    });
    expect((await failing.runOnce()).failed).toBeGreaterThan(0);

    const client = e2e.double.realm.clientByClientId(DM);
    if (client === undefined) throw new Error(`the demo realm has no client ${DM}`);
    const attributes = [...client.attributes.entries()].filter(([key]) => key.startsWith('credman.'));
    expect(attributes.map(([key]) => key)).toContain('credman.audit');
    const adminEvents = e2e.double.realm.adminEvents.map((event) => event.representation ?? '');
    expect(adminEvents.filter((representation) => representation.includes(DM)).length).toBeGreaterThan(0);

    const sources = {
      'log lines': e2e.logs.lines().map((line) => JSON.stringify(line)),
      'HTTP responses': responses,
      'audit entries': audit.entries.map((entry) => JSON.stringify(entry)),
      'credman.* attributes': attributes.map(([key, value]) => `${key}=${value}`),
      'admin-event representations': adminEvents,
    };
    // Positive control: the scanned material does describe these secrets (by id), so a value would show.
    expect(sources['HTTP responses'].join('\n')).toContain(first.id);
    expect(sources['credman.* attributes'].join('\n')).toContain(second.id);
    const needles = [first.value, second.value, queryToken, SIDECAR_SECRET, refreshToken];
    const report: string[] = [];
    for (const [source, texts] of Object.entries(sources)) {
      const text = texts.join('\n');
      const found = needles.map((value) => occurrences(text, value));
      report.push(
        `${source}: ${String(texts.length)} scanned (${String(text.length)} chars), values found ${found.join('+')}`,
      );
      expect(found, source).toEqual(needles.map(() => 0));
    }
    process.stdout.write(`\nleak scan:\n  ${report.join('\n  ')}\n`);
    // Positive control: the lines that would carry the token and the grant were logged.
    const logLines = e2e.logs.lines();
    expect(logLines.map((line) => (line.req as { url?: unknown } | undefined)?.url)).toContain(
      '/api/me?access_token=[redacted]&force=true',
    );
    expect(logLines.find((line) => line.msg === 'sweep of an application failed')).toMatchObject({
      err: { message: 'token grant failed' },
    });
  });
});
