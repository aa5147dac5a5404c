// Where the contract suite runs: against the double (default; real HTTP on loopback) or against a real Keycloak
// when KEYCLOAK_URL is set. Each test talks to the target only through real clients (admin client, openid-client,
// fetch), so the same test states the same fact about both. Against Keycloak, KEYCLOAK_ADMIN_USERNAME and
// KEYCLOAK_ADMIN_PASSWORD (the master realm's admin, through its admin-cli client) allow the set-ups that the
// sidecar's roles cannot make; against the double those set-ups go through the model.
// Both behaviours of credman's Keycloak extension: KEYCLOAK_URL is a Keycloak WITH the extension (as
// `npm run test:keycloak` provisions it), KEYCLOAK_STOCK_URL (with KEYCLOAK_STOCK_ADMIN_USERNAME / _PASSWORD) a
// stock one with the same realm; on the double, the same switch is the double's `extension` option.
import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import { ManualClock } from '../clock.ts';
import { createDoubleApp } from '../app.ts';
import { createKeycloakDouble } from '../double.ts';
import type { KeycloakDouble } from '../double.ts';
import { startServer } from '../server.ts';
import { allRouteModules } from '../routes.ts';
import { contractRealm, CONTRACT_NAMES } from './contract-realm.ts';

export interface ContractTarget {
  kind: 'double' | 'keycloak';
  /** Whether credman's Keycloak extension is installed on this target. */
  extension: boolean;
  baseUrl: string;
  realm: string;
  issuer: string;
  /** The sidecar's confidential client, whose service account holds credman's realm-management roles. */
  sidecar: { clientId: string; clientSecret: string };
  /** An admin client authenticated as the sidecar's service account (re-authenticated on every call). */
  admin(): Promise<KeycloakAdminClient>;
  /**
   * Against Keycloak with KEYCLOAK_ADMIN_USERNAME / KEYCLOAK_ADMIN_PASSWORD only: an admin client of the master
   * realm's admin (admin-cli, password grant; re-authenticated on every call), aimed at the target realm, for
   * set-ups beyond the sidecar's roles. Never for asserting facts: those go through `admin()` or plain HTTP.
   */
  masterAdmin?: () => Promise<KeycloakAdminClient>;
  /** Moves time forward: the double's clock, or a real wait against Keycloak (keep such waits to seconds). */
  advance(seconds: number): Promise<void>;
  /** The target's current time, epoch ms. */
  now(): number;
  /** Present only for the double: for assertions that need its internals (never for setting up facts). */
  double?: KeycloakDouble;
  close(): Promise<void>;
}

function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

function masterAdminCredentials(): { username: string; password: string } | undefined {
  const username = env('KEYCLOAK_ADMIN_USERNAME');
  const password = env('KEYCLOAK_ADMIN_PASSWORD');
  return username !== undefined && password !== undefined ? { username, password } : undefined;
}

/**
 * Whether set-ups beyond the sidecar's roles (a service account with only view-clients, users and groups holding
 * a role) can be made: always on the double (through its model), on Keycloak with the master admin's credentials.
 * Known before any test runs, for `it.skipIf`.
 */
export const canSetUpBeyondSidecar: boolean =
  env('KEYCLOAK_URL') === undefined || masterAdminCredentials() !== undefined;

/**
 * Whether a stock target (no extension) exists: always on the double, on Keycloak when KEYCLOAK_STOCK_URL is set.
 * Known before any test runs, for `describe.skipIf`.
 */
export const hasStockTarget: boolean =
  env('KEYCLOAK_URL') === undefined || env('KEYCLOAK_STOCK_URL') !== undefined;

function stockMasterAdminCredentials(): { username: string; password: string } | undefined {
  const username = env('KEYCLOAK_STOCK_ADMIN_USERNAME');
  const password = env('KEYCLOAK_STOCK_ADMIN_PASSWORD');
  return username !== undefined && password !== undefined ? { username, password } : masterAdminCredentials();
}

/** The target with credman's Keycloak extension (default), or with `{ extension: false }` a stock one. */
export async function startContractTarget(options: { extension?: boolean } = {}): Promise<ContractTarget> {
  const extension = options.extension ?? true;
  const keycloakUrl = extension ? env('KEYCLOAK_URL') : env('KEYCLOAK_URL') && env('KEYCLOAK_STOCK_URL');
  if (!extension && env('KEYCLOAK_URL') !== undefined && keycloakUrl === undefined)
    throw new Error('a stock target against Keycloak needs KEYCLOAK_STOCK_URL (check hasStockTarget first)');
  const realmName = env('KEYCLOAK_REALM') ?? CONTRACT_NAMES.realm;
  const sidecar = {
    clientId: env('KEYCLOAK_SIDECAR_CLIENT_ID') ?? CONTRACT_NAMES.sidecarClientId,
    clientSecret: env('KEYCLOAK_SIDECAR_CLIENT_SECRET') ?? CONTRACT_NAMES.sidecarClientSecret,
  };
  if (keycloakUrl) {
    const baseUrl = keycloakUrl.replace(/\/$/, '');
    const master = extension ? masterAdminCredentials() : stockMasterAdminCredentials();
    return {
      kind: 'keycloak',
      extension,
      baseUrl,
      realm: realmName,
      issuer: `${baseUrl}/realms/${realmName}`,
      sidecar,
      admin: () => adminClient(baseUrl, realmName, sidecar),
      ...(master ? { masterAdmin: () => masterAdminClient(baseUrl, realmName, master) } : {}),
      advance: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
      now: () => Date.now(),
      close: () => Promise.resolve(),
    };
  }
  const clock = new ManualClock(Date.now());
  const double = await createKeycloakDouble({ realm: contractRealm(), clock, extension });
  const server = await startServer(createDoubleApp(double, allRouteModules));
  return {
    kind: 'double',
    extension,
    baseUrl: server.url,
    realm: double.realm.name,
    issuer: `${server.url}/realms/${double.realm.name}`,
    sidecar,
    admin: () => adminClient(server.url, double.realm.name, sidecar),
    advance: (seconds) => {
      clock.advanceSeconds(seconds);
      return Promise.resolve();
    },
    now: () => clock.now(),
    double,
    close: () => server.close(),
  };
}

async function adminClient(
  baseUrl: string,
  realmName: string,
  sidecar: ContractTarget['sidecar'],
): Promise<KeycloakAdminClient> {
  const client = new KeycloakAdminClient({ baseUrl, realmName });
  await client.auth({
    grantType: 'client_credentials',
    clientId: sidecar.clientId,
    clientSecret: sidecar.clientSecret,
  });
  return client;
}

async function masterAdminClient(
  baseUrl: string,
  realmName: string,
  credentials: { username: string; password: string },
): Promise<KeycloakAdminClient> {
  const client = new KeycloakAdminClient({ baseUrl, realmName: 'master' });
  await client.auth({ grantType: 'password', clientId: 'admin-cli', ...credentials });
  client.setConfig({ realmName });
  return client;
}
