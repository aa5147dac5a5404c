// Shared test fixtures: an RS256 key pair with its JWKS served on loopback, token signing, a log capture and
// an app built with test settings.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JWTPayload } from 'jose';
import { createApp } from '../app.ts';
import type { AppConfig, AppDeps } from '../app.ts';
import { createTokenVerifier } from '../http/auth.ts';
import { createLogger } from '../logging.ts';
import type { Logger } from '../logging.ts';

export const NOW = new Date('2026-11-23T10:00:00Z');
export const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
export const KEYCLOAK_URL = 'http://127.0.0.1:8180';
export const ISSUER = `${KEYCLOAK_URL}/realms/credman`;

export interface KeyPair {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export async function newKeyPair(kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, publicKey };
}

export interface JwksServer {
  url: string;
  /** Number of JWKS requests served. */
  hits: () => number;
  close: () => Promise<void>;
}

/** Serves `{ keys: [...] }` for the given public keys on 127.0.0.1 (a real HTTP hop, as in production). */
export async function serveJwks(keys: KeyPair[], status = 200): Promise<JwksServer> {
  const jwks = {
    keys: await Promise.all(
      keys.map(async (key) => ({
        ...(await exportJWK(key.publicKey)),
        kid: key.kid,
        alg: 'RS256',
        use: 'sig',
      })),
    ),
  };
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/realms/credman/protocol/openid-connect/certs`,
    hits: () => hits,
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

/** Claims to change; an undefined one is left out of the token (JSON has no undefined). */
export type ClaimOverrides = { [Claim in keyof JWTPayload]?: JWTPayload[Claim] | undefined };

/** Claims of a valid access token of a manager of one application, with MFA. */
export function validClaims(overrides: ClaimOverrides = {}): JWTPayload {
  const claims = {
    iss: ISSUER,
    aud: ['credman-sidecar', 'account'],
    azp: 'credman-console',
    typ: 'Bearer',
    sub: 'user-1',
    preferred_username: 'mia',
    name: 'Mia Manager',
    email: 'mia@example.com',
    acr: 'mfa',
    iat: NOW_SECONDS - 60,
    exp: NOW_SECONDS + 240,
    realm_access: { roles: ['default-roles-credman'] },
    resource_access: {
      'Partner-DE-Acme-SMC': { roles: ['credential-manager'] },
      account: { roles: ['view-profile'] },
    },
    ...overrides,
  };
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

export async function signToken(
  key: KeyPair,
  claims: JWTPayload = validClaims(),
  alg = 'RS256',
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}

export interface LogCapture {
  logger: Logger;
  lines: () => Record<string, unknown>[];
  text: () => string;
}

/** A logger whose JSON lines are kept in memory. */
export function captureLogs(): LogCapture {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const text = () => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    publicUrl: 'http://localhost:8080',
    trustProxyHops: 0,
    rateLimitMutationsPerMinute: 30,
    // The suites send hundreds of requests from loopback; rate-limit.test.ts sets a small budget to test it.
    rateLimitPerIpPerMinute: 1_000_000,
    spaDir: '/nonexistent/credman-spa',
    timeZone: 'UTC',
    maxValidityDays: undefined,
    keycloak: { publicUrl: KEYCLOAK_URL, realm: 'credman' },
    auth: { consoleClientId: 'credman-console' },
    ...overrides,
  };
}

export interface TestAppOptions extends Partial<Omit<AppDeps, 'config'>> {
  config?: Partial<AppConfig>;
  jwksUrl?: string;
}

/** createApp with test settings; tokens are verified against `jwksUrl` at NOW. */
export function testApp(options: TestAppOptions = {}) {
  const logs = captureLogs();
  const { config, jwksUrl = 'http://127.0.0.1:9/none', ...rest } = options;
  const app = createApp({
    config: testConfig(config),
    logger: logs.logger,
    verifyToken: createTokenVerifier({
      issuer: ISSUER,
      jwksUrl,
      audience: 'credman-sidecar',
      consoleClientId: 'credman-console',
      mfaAcr: 'mfa',
      operatorRole: 'credman-operator',
      clock: () => NOW,
      timeoutMs: 2000,
    }),
    readiness: () => Promise.resolve({ ok: true, checks: { keycloak: { ok: true } } }),
    ...rest,
  });
  return { app, logs };
}
