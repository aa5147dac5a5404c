// The authorisation matrix (docs/architecture.md#testing), over real HTTP against the Keycloak double: every
// API endpoint × every kind of caller, each cell asserted to its exact status
// (docs/architecture.md#authorisation). A caller who may not see an application gets 404, never 403;
// operator-only endpoints answer 403 operator-required to managers; secrets are changed by managers only (403
// manager-required for an operator). The counted matrix is printed once at the end.
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemCodeOf } from '@credman/domain';
import { SIDECAR_CLIENT_ID, SIDECAR_SECRET, SMC, startE2e } from './testing/harness.ts';
import type { DemoUser, E2e, RequestInit } from './testing/harness.ts';

const COLUMNS = [
  'no token',
  'bad signature',
  'expired',
  'wrong azp',
  'wrong aud',
  'no MFA acr',
  'other manager',
  'operator',
  'manager',
] as const;
type Column = (typeof COLUMNS)[number];

/** What a cell must answer: the status, and for a problem the credman problem code. */
interface Expected {
  status: number;
  problem?: string;
}

interface Fixture {
  /** A live secret of SMC that the manager column deletes. */
  secretId: string;
  /** A user with a verified email who manages nothing: the operator adds and removes them. */
  noraId: string;
}

interface Endpoint {
  name: string;
  request: (fixture: Fixture) => { path: string } & RequestInit;
  /** Expected answers of the authenticated callers (the token columns always get 401). */
  other: Expected;
  operator: Expected;
  manager: Expected;
}

const ok = (status = 200): Expected => ({ status });
const notFound: Expected = { status: 404, problem: 'not-found' };
const operatorRequired: Expected = { status: 403, problem: 'operator-required' };
const managerRequired: Expected = { status: 403, problem: 'manager-required' };
const unauthenticated: Expected = { status: 401, problem: 'unauthenticated' };
const mfaRequired: Expected = { status: 403, problem: 'mfa-required' };

const ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'GET /api/me',
    request: () => ({ path: '/me' }),
    other: ok(),
    operator: ok(),
    manager: ok(),
  },
  {
    name: 'GET /api/applications',
    request: () => ({ path: '/applications' }),
    other: ok(),
    operator: ok(),
    manager: ok(),
  },
  {
    name: 'GET /api/applications/{id}',
    request: () => ({ path: `/applications/${SMC}` }),
    other: notFound,
    operator: ok(),
    manager: ok(),
  },
  {
    name: 'GET …/{id}/audit',
    request: () => ({ path: `/applications/${SMC}/audit` }),
    other: notFound,
    operator: ok(),
    manager: ok(),
  },
  {
    name: 'GET …/{id}/managers',
    request: () => ({ path: `/applications/${SMC}/managers` }),
    other: notFound,
    operator: ok(),
    manager: ok(),
  },
  {
    name: 'POST …/{id}/secrets',
    request: () => ({
      path: `/applications/${SMC}/secrets`,
      method: 'POST',
      body: JSON.stringify({ name: 'Matrix secret', expiresOn: dateIn(90) }),
    }),
    other: notFound,
    operator: managerRequired,
    manager: ok(201),
  },
  {
    name: 'PATCH …/{id}/secrets/{sid}',
    request: ({ secretId }) => ({
      path: `/applications/${SMC}/secrets/${secretId}`,
      method: 'PATCH',
      body: JSON.stringify({ notes: 'Edited by the matrix' }),
    }),
    other: notFound,
    operator: managerRequired,
    manager: ok(),
  },
  {
    // Before the delete: the manager column confirms the secret it deletes next.
    name: 'POST …/{sid}/use-confirmation',
    request: ({ secretId }) => ({
      path: `/applications/${SMC}/secrets/${secretId}/use-confirmation`,
      method: 'POST',
    }),
    other: notFound,
    operator: managerRequired,
    manager: ok(),
  },
  {
    name: 'DELETE …/{id}/secrets/{sid}',
    request: ({ secretId }) => ({ path: `/applications/${SMC}/secrets/${secretId}`, method: 'DELETE' }),
    other: notFound,
    operator: managerRequired,
    manager: ok(204),
  },
  {
    name: 'POST /api/applications',
    request: () => ({
      path: '/applications',
      method: 'POST',
      body: JSON.stringify({
        kind: 'Partner',
        country: 'DE',
        organisation: 'MatrixLabs',
        api: 'SMC',
        permissions: ['smc.sandbox'],
      }),
    }),
    other: operatorRequired,
    operator: ok(201),
    manager: operatorRequired,
  },
  {
    name: 'PATCH /api/applications/{id}',
    request: () => ({
      path: `/applications/${SMC}`,
      method: 'PATCH',
      body: JSON.stringify({ description: 'Edited by the matrix' }),
    }),
    other: operatorRequired,
    operator: ok(),
    manager: operatorRequired,
  },
  {
    name: 'GET /api/users',
    request: () => ({ path: '/users?search=nora' }),
    other: operatorRequired,
    operator: ok(),
    manager: operatorRequired,
  },
  {
    name: 'GET /api/overview',
    request: () => ({ path: '/overview' }),
    other: operatorRequired,
    operator: ok(),
    manager: operatorRequired,
  },
  {
    name: 'PUT …/{id}/managers/{uid}',
    request: ({ noraId }) => ({ path: `/applications/${SMC}/managers/${noraId}`, method: 'PUT' }),
    other: operatorRequired,
    operator: ok(),
    manager: operatorRequired,
  },
  {
    name: 'DELETE …/{id}/managers/{uid}',
    request: ({ noraId }) => ({ path: `/applications/${SMC}/managers/${noraId}`, method: 'DELETE' }),
    other: operatorRequired,
    operator: ok(),
    manager: operatorRequired,
  },
];

let e2e: E2e;
let fixture: Fixture;
/** Bearer token per column; undefined for 'no token'. */
const bearer = new Map<Column, string | undefined>();
/** Observed status per endpoint and column, printed at the end. */
const observed = new Map<string, Map<Column, number>>();

function dateIn(days: number): string {
  return e2e.dateIn(days);
}

function expectedFor(endpoint: Endpoint, column: Column): Expected {
  switch (column) {
    case 'other manager':
      return endpoint.other;
    case 'operator':
      return endpoint.operator;
    case 'manager':
      return endpoint.manager;
    case 'no MFA acr':
      return mfaRequired;
    default:
      return unauthenticated;
  }
}

async function runCell(endpoint: Endpoint, column: Column): Promise<void> {
  const { path, ...init } = endpoint.request(fixture);
  const response = await e2e.request(bearer.get(column), path, init);
  const row = observed.get(endpoint.name) ?? new Map<Column, number>();
  row.set(column, response.status);
  observed.set(endpoint.name, row);
  const expected = expectedFor(endpoint, column);
  const cell = `${endpoint.name} × ${column}`;
  expect(response.status, cell).toBe(expected.status);
  if (expected.problem !== undefined) {
    expect(response.headers.get('content-type'), cell).toContain('application/problem+json');
    const problem = (await response.json()) as { type: string };
    expect(problemCodeOf(problem.type), cell).toBe(expected.problem);
  } else {
    await response.body?.cancel();
  }
}

/** A token with the real token's header and claims, signed by a key that is not the realm's. */
async function forgedToken(real: string): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  const header = decodeProtectedHeader(real);
  return new SignJWT(decodeJwt(real))
    .setProtectedHeader({
      alg: 'RS256',
      typ: 'JWT',
      // jose's header parameters take no undefined.
      ...(header.kid === undefined ? {} : { kid: header.kid }),
    })
    .sign(privateKey);
}

/** A real access token of the sidecar's service account: issued to credman-sidecar, not to the console. */
async function serviceAccountToken(): Promise<string> {
  const response = await fetch(`${e2e.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: SIDECAR_CLIENT_ID,
      client_secret: SIDECAR_SECRET,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

function printMatrix(): void {
  const width = Math.max(...ENDPOINTS.map((e) => e.name.length));
  const header = ['endpoint'.padEnd(width), ...COLUMNS.map((c) => c.padStart(13))].join(' |');
  const lines = ENDPOINTS.map((endpoint) => {
    const row = observed.get(endpoint.name);
    const cells = COLUMNS.map((column) => String(row?.get(column) ?? '—').padStart(13));
    return [endpoint.name.padEnd(width), ...cells].join(' |');
  });
  const counted = [...observed.values()].reduce((sum, row) => sum + row.size, 0);
  process.stdout.write(
    [
      '',
      `authorisation matrix: ${String(counted)} cells (${String(ENDPOINTS.length)} endpoints × ${String(COLUMNS.length)} callers)`,
      header,
      '-'.repeat(header.length),
      ...lines,
      '',
    ].join('\n'),
  );
}

beforeAll(async () => {
  e2e = await startE2e();
  const realm = e2e.double.realm;
  const nora = realm.userByUsername('nora');
  if (nora === undefined) throw new Error('the demo realm has no user nora');
  const alice = realm.userByUsername('alice');
  if (alice === undefined) throw new Error('the demo realm has no user alice');
  // Created through credman (never a direct PUT on a managed client), so the delete cell has a secret to remove.
  const created = await e2e.credentials.createSecret(
    SMC,
    { name: 'Matrix fixture', expiresOn: dateIn(60) },
    { id: alice.id, username: 'alice', name: 'Alice' },
  );
  fixture = { secretId: created.secret.id, noraId: nora.id };

  const users: [Column, DemoUser][] = [
    ['other manager', 'bob'],
    ['operator', 'olivia'],
    ['manager', 'alice'],
  ];
  for (const [column, user] of users) bearer.set(column, await e2e.login(user));
  const aliceToken = bearer.get('manager');
  if (aliceToken === undefined) throw new Error('alice did not log in');
  bearer.set('no token', undefined);
  bearer.set('bad signature', await forgedToken(aliceToken));
  const service = await serviceAccountToken();
  bearer.set('wrong azp', service);
  bearer.set('wrong aud', service);
  // The expired column reuses alice's token after the shared clock has moved past its exp (last describe).
  bearer.set('expired', aliceToken);
  // What Keycloak issues after a password-only login (LoA 1, acr "pwd"): alice's real claims, signed by the
  // realm's own key. Keycloak itself refuses to issue it to the console (minimum.acr.value); the sidecar must
  // refuse it too, should another client or a changed realm ever produce one.
  bearer.set('no MFA acr', await e2e.double.keys.sign({ ...decodeJwt(aliceToken), acr: 'pwd' }, 'JWT'));
});

afterAll(async () => {
  printMatrix();
  await e2e.close();
});

describe('authorisation matrix over HTTP', () => {
  it('the service-account token stands for both the wrong-azp and the wrong-aud column', () => {
    const claims = decodeJwt(bearer.get('wrong azp') ?? '');
    expect(claims.azp).toBe(SIDECAR_CLIENT_ID);
    const audience = claims.aud === undefined ? [] : [claims.aud].flat();
    expect(audience).not.toContain(SIDECAR_CLIENT_ID);
  });

  for (const column of ['no token', 'bad signature', 'wrong azp', 'wrong aud'] as const) {
    it(`${column}: every endpoint answers 401 unauthenticated`, async () => {
      for (const endpoint of ENDPOINTS) await runCell(endpoint, column);
    });
  }

  // Column order matters for the mutations: the operator adds nora (PUT) before removing her (DELETE), and the
  // manager deletes the fixture secret only after the other columns were refused on it.
  for (const column of ['other manager', 'operator', 'manager'] as const) {
    it(`${column}: every endpoint answers as its cell says`, async () => {
      for (const endpoint of ENDPOINTS) await runCell(endpoint, column);
    });
  }

  it('no MFA acr: a realm-signed token at password level gets 403 mfa-required everywhere', async () => {
    for (const endpoint of ENDPOINTS) await runCell(endpoint, 'no MFA acr');
  });

  it('expired: once the shared clock is past exp, every endpoint answers 401 with the same token', async () => {
    const exp = decodeJwt(bearer.get('expired') ?? '').exp;
    if (exp === undefined) throw new Error('the access token has no exp');
    // Past exp plus the verifier's 5 s tolerance; the double and the sidecar's verifier share this clock.
    e2e.clock.set(exp * 1000 + 60_000);
    for (const endpoint of ENDPOINTS) await runCell(endpoint, 'expired');
  });
});
