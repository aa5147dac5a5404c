// Contract: credman's Keycloak extension (keycloak-extension/README.md). With it, a client-secret login's event
// says which stored secret matched and a refused retired secret's event names it; every answer of the token
// endpoint stays exactly what stock Keycloak answers. Each case runs on a target with the extension and, where one
// exists, on a stock target, and the two are compared.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import type { CryptoKey } from 'jose';
import { retiredSecretDigest } from '../model/credman-extension.ts';
import { adminFetch, newSecret, nowSeconds, uniqueClientId } from './admin-fixtures.ts';
import { hasStockTarget, startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';

const SLOT = 'credman_secret_slot';
const RETIRED = 'credman_retired_secret';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Details whose values are new on every request (or key): compared by presence only. */
const PER_REQUEST_DETAILS = ['token_id', 'client_assertion_id', 'client_jwt_kid'];

let withExtension: ContractTarget;
let stock: ContractTarget | undefined;
const created = new Map<ContractTarget, string[]>();

beforeAll(async () => {
  [withExtension, stock] = await Promise.all([
    startContractTarget({ extension: true }),
    hasStockTarget ? startContractTarget({ extension: false }) : Promise.resolve(undefined),
  ]);
});

afterAll(async () => {
  for (const [target, ids] of created) {
    const admin = await target.admin();
    for (const id of ids) await admin.clients.del({ id });
  }
  await Promise.all([withExtension.close(), stock?.close()]);
});

type Kind = 'secret' | 'expired' | 'disabled' | 'public' | 'jwt' | 'malformed';

/** One client of a case, with its current and rotated secret and the values credman.retired holds digests of. */
interface Made {
  clientId: string;
  current: string;
  rotated: string;
  /** A retired secret still within its `until`, listed as id `retired-live`. */
  retired: string;
  /** A retired secret past its `until` (id `retired-ended`). */
  ended: string;
  privateKey?: CryptoKey;
}

function retiredEntry(id: string, value: string, until: number) {
  const salt = randomBytes(16);
  return {
    id,
    salt: salt.toString('base64url'),
    sha256: retiredSecretDigest(salt, value).toString('base64url'),
    until,
  };
}

async function makeClient(target: ContractTarget, kind: Kind): Promise<Made> {
  const made: Made = {
    clientId: uniqueClientId(`Partner-NL-ExtContract-${kind}`),
    current: newSecret(),
    rotated: newSecret(),
    retired: newSecret(),
    ended: newSecret(),
  };
  const now = nowSeconds(target);
  const attributes: Record<string, string> = {
    'client.secret.creation.time': String(now),
    'client.secret.expiration.time': String(kind === 'expired' ? now - 60 : now + 3600),
    'client.secret.rotated': made.rotated,
    'client.secret.rotated.creation.time': String(now),
    'client.secret.rotated.expiration.time': String(now + 1800),
    'credman.retired':
      kind === 'malformed'
        ? '{"v":1,"secrets":[{"id":"retired-live","salt":"not base64","sha256":7}]'
        : JSON.stringify({
            v: 1,
            secrets: [
              retiredEntry('retired-ended', made.ended, now - 60),
              retiredEntry('retired-live', made.retired, now + 3600),
            ],
          }),
  };
  if (kind === 'jwt') {
    const pair = await generateKeyPair('RS256');
    made.privateKey = pair.privateKey;
    attributes['jwt.credential.public.key'] = (await exportSPKI(pair.publicKey)).replace(
      /-----[A-Z ]+-----|\s/g,
      '',
    );
  }
  const kc = await target.admin();
  const { id } = await kc.clients.create({
    clientId: made.clientId,
    enabled: kind !== 'disabled',
    protocol: 'openid-connect',
    publicClient: kind === 'public',
    serviceAccountsEnabled: kind !== 'public',
    standardFlowEnabled: kind === 'public',
    ...(kind === 'public' ? { redirectUris: ['http://localhost/cb'] } : {}),
    directAccessGrantsEnabled: false,
    clientAuthenticatorType: kind === 'jwt' ? 'client-jwt' : 'client-secret',
    ...(kind === 'public' ? {} : { secret: made.current }),
    attributes,
  });
  created.set(target, [...(created.get(target) ?? []), id]);
  return made;
}

async function assertion(target: ContractTarget, made: Made): Promise<string> {
  if (!made.privateKey) throw new Error('not a client-jwt client');
  const now = nowSeconds(target);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(made.clientId)
    .setSubject(made.clientId)
    .setAudience(target.issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(made.privateKey);
}

interface Request {
  form: Record<string, string>;
  basic?: [string, string];
}

/** What a caller and an auditor can see of one token request, with this run's names and token values taken out. */
interface Observed {
  status: number;
  body: Record<string, unknown>;
  event?: { type: string; error?: string | undefined; details: Record<string, unknown> };
  credmanDetails: Record<string, unknown>;
}

/** A space-separated scope value in a fixed order (OAuth scopes are a set). */
function scopeSet(value: unknown): unknown {
  return typeof value === 'string' ? value.split(' ').sort().join(' ') : value;
}

async function observe(target: ContractTarget, made: Made | undefined, request: Request): Promise<Observed> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (request.basic)
    headers.authorization = `Basic ${Buffer.from(`${request.basic[0]}:${request.basic[1]}`).toString('base64')}`;
  const response = await fetch(`${target.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ grant_type: 'client_credentials', ...request.form }),
  });
  const raw = (await response.json()) as Record<string, unknown>;
  // A token's values differ per issue; its shape is what must not change. `scope` is a set whose order two real
  // servers gave differently ("email profile" and "profile email"), so it is compared sorted.
  const body =
    response.status === 200
      ? Object.fromEntries(
          Object.keys(raw)
            .sort()
            .map((key) => [
              key,
              key === 'scope'
                ? scopeSet(raw[key])
                : ['token_type', 'refresh_expires_in'].includes(key)
                  ? raw[key]
                  : '…',
            ]),
        )
      : raw;
  const observed: Observed = { status: response.status, body, credmanDetails: {} };
  if (!made) return observed;
  const events = await (
    await target.admin()
  ).realms.findEvents({ realm: target.realm, client: made.clientId, max: 10 });
  expect(events).toHaveLength(1);
  const event = events[0];
  if (!event) return observed;
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event.details ?? {})) {
    if (key.startsWith('credman_')) observed.credmanDetails[key] = value;
    else if (PER_REQUEST_DETAILS.includes(key)) details[key] = '…';
    else if (key === 'scope') details[key] = scopeSet(value);
    else
      details[key] =
        typeof value === 'string'
          ? value.replaceAll(made.clientId, '<client>').replaceAll(made.clientId.toLowerCase(), '<client>')
          : value;
  }
  observed.event = {
    type: String(event.type),
    error: event.error,
    details,
  };
  return observed;
}

interface Case {
  name: string;
  kind: Kind;
  request: (made: Made, target: ContractTarget) => Promise<Request> | Request;
  /** The client the request names does not exist: no event to look up by it. */
  noEventClient?: boolean;
  status: number;
  error?: string;
  /** The details credman's extension adds (none on stock Keycloak). */
  extension: Record<string, string>;
}

const basic = (made: Made, secret: string): Request => ({ form: {}, basic: [made.clientId, secret] });
const post = (made: Made, secret: string): Request => ({
  form: { client_id: made.clientId, client_secret: secret },
});

const CASES: Case[] = [
  {
    name: 'the current secret (basic)',
    kind: 'secret',
    request: (m) => basic(m, m.current),
    status: 200,
    extension: { [SLOT]: 'current' },
  },
  {
    name: 'the current secret (post)',
    kind: 'secret',
    request: (m) => post(m, m.current),
    status: 200,
    extension: { [SLOT]: 'current' },
  },
  {
    name: 'the rotated secret (basic)',
    kind: 'secret',
    request: (m) => basic(m, m.rotated),
    status: 200,
    extension: { [SLOT]: 'rotated' },
  },
  {
    name: 'the rotated secret (post)',
    kind: 'secret',
    request: (m) => post(m, m.rotated),
    status: 200,
    extension: { [SLOT]: 'rotated' },
  },
  {
    name: 'a wrong secret',
    kind: 'secret',
    request: (m) => basic(m, newSecret()),
    status: 401,
    error: 'unauthorized_client',
    extension: {},
  },
  {
    name: 'a retired secret (basic)',
    kind: 'secret',
    request: (m) => basic(m, m.retired),
    status: 401,
    error: 'unauthorized_client',
    extension: { [RETIRED]: 'retired-live' },
  },
  {
    name: 'a retired secret (post)',
    kind: 'secret',
    request: (m) => post(m, m.retired),
    status: 401,
    error: 'unauthorized_client',
    extension: { [RETIRED]: 'retired-live' },
  },
  {
    name: 'a retired secret past its until',
    kind: 'secret',
    request: (m) => basic(m, m.ended),
    status: 401,
    error: 'unauthorized_client',
    extension: {},
  },
  {
    name: 'a wrong secret with a malformed credman.retired',
    kind: 'malformed',
    request: (m) => basic(m, m.retired),
    status: 401,
    error: 'unauthorized_client',
    extension: {},
  },
  {
    name: 'the current secret with a malformed credman.retired',
    kind: 'malformed',
    request: (m) => basic(m, m.current),
    status: 200,
    extension: { [SLOT]: 'current' },
  },
  {
    name: 'no secret',
    kind: 'secret',
    request: (m) => ({ form: { client_id: m.clientId } }),
    status: 401,
    error: 'unauthorized_client',
    extension: {},
  },
  {
    name: 'no client_id',
    kind: 'secret',
    request: () => ({ form: {} }),
    noEventClient: true,
    status: 401,
    error: 'invalid_client',
    extension: {},
  },
  {
    name: 'an unknown client',
    kind: 'secret',
    request: (m) => ({ form: {}, basic: [`${m.clientId}-unknown`, m.retired] }),
    noEventClient: true,
    status: 401,
    error: 'invalid_client',
    extension: {},
  },
  {
    name: 'a disabled client with its secret',
    kind: 'disabled',
    request: (m) => basic(m, m.current),
    status: 401,
    error: 'invalid_client',
    extension: {},
  },
  {
    name: 'a disabled client with a retired secret',
    kind: 'disabled',
    request: (m) => basic(m, m.retired),
    status: 401,
    error: 'invalid_client',
    extension: {},
  },
  {
    name: 'an expired current secret',
    kind: 'expired',
    request: (m) => basic(m, m.current),
    status: 401,
    error: 'unauthorized_client',
    extension: {},
  },
  {
    name: 'the rotated secret while the current one has expired',
    kind: 'expired',
    request: (m) => post(m, m.rotated),
    status: 401,
    error: 'unauthorized_client',
    extension: {},
  },
  {
    name: 'a public client',
    kind: 'public',
    request: (m) => ({ form: { client_id: m.clientId } }),
    status: 401,
    error: 'unauthorized_client',
    extension: {},
  },
  {
    name: "a client-jwt client's signed assertion",
    kind: 'jwt',
    request: async (m, target) => ({
      form: { client_assertion_type: JWT_BEARER, client_assertion: await assertion(target, m) },
    }),
    status: 200,
    extension: {},
  },
  {
    name: 'a client-jwt client presenting its secret',
    kind: 'jwt',
    request: (m) => basic(m, m.current),
    status: 400,
    error: 'invalid_client',
    extension: {},
  },
  {
    name: 'a client-jwt client presenting a retired secret',
    kind: 'jwt',
    request: (m) => basic(m, m.retired),
    status: 400,
    error: 'invalid_client',
    extension: {},
  },
];

async function run(target: ContractTarget, testCase: Case): Promise<Observed> {
  const made = await makeClient(target, testCase.kind);
  return observe(target, testCase.noEventClient ? undefined : made, await testCase.request(made, target));
}

describe("credman's Keycloak extension: token endpoint (contract)", () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    'given %s, then the answer is stock Keycloak’s and the event carries only the extension’s details',
    async (_name, testCase) => {
      const [observed, reference] = await Promise.all([
        run(withExtension, testCase),
        stock ? run(stock, testCase) : Promise.resolve(undefined),
      ]);
      expect(observed.status).toBe(testCase.status);
      if (testCase.error !== undefined) expect(observed.body).toMatchObject({ error: testCase.error });
      expect(observed.credmanDetails).toEqual(testCase.extension);
      if (reference) {
        expect(reference.credmanDetails).toEqual({});
        expect({ ...observed, credmanDetails: {} }).toEqual(reference);
      }
    },
  );
});

describe("credman's Keycloak extension: credman/info (contract)", () => {
  async function info(target: ContractTarget, withToken: boolean): Promise<Response> {
    if (!withToken) return fetch(`${target.baseUrl}/admin/realms/${target.realm}/credman/info`);
    const token = (await (await target.admin()).getAccessToken()) ?? '';
    return adminFetch(target, token, '/credman/info');
  }

  it('given the extension, then the sidecar reads its name, version and features', async () => {
    const response = await info(withExtension, true);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      extension: 'credman',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown,
      features: [
        'secret-slot-detail',
        'retired-secret-detail',
        'secret-free-clients',
        'due-index',
        'due-index-after',
        'records-batch',
      ],
    });
  });

  it('given no bearer token, then 401 as for every admin path', async () => {
    expect((await info(withExtension, false)).status).toBe(401);
  });

  it.skipIf(!hasStockTarget)('given stock Keycloak, then the resource does not exist (404)', async () => {
    if (!stock) throw new Error('no stock target');
    expect((await info(stock, true)).status).toBe(404);
    expect((await info(stock, false)).status).toBe(401);
  });
});
