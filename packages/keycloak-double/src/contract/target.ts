// Where the contract suite runs: against the double (default; real HTTP on loopback) or against a real Keycloak
// when KEYCLOAK_URL is set. Each test talks to the target only through real clients (admin client, openid-client,
// fetch), so the same test states the same fact about both.
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
  baseUrl: string;
  realm: string;
  issuer: string;
  /** The sidecar's confidential client, whose service account holds credman's realm-management roles. */
  sidecar: { clientId: string; clientSecret: string };
  /** An admin client authenticated as the sidecar's service account (re-authenticated on every call). */
  admin(): Promise<KeycloakAdminClient>;
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

export async function startContractTarget(): Promise<ContractTarget> {
  const keycloakUrl = env('KEYCLOAK_URL');
  const realmName = env('KEYCLOAK_REALM') ?? CONTRACT_NAMES.realm;
  const sidecar = {
    clientId: env('KEYCLOAK_SIDECAR_CLIENT_ID') ?? CONTRACT_NAMES.sidecarClientId,
    clientSecret: env('KEYCLOAK_SIDECAR_CLIENT_SECRET') ?? CONTRACT_NAMES.sidecarClientSecret,
  };
  if (keycloakUrl) {
    const baseUrl = keycloakUrl.replace(/\/$/, '');
    return {
      kind: 'keycloak',
      baseUrl,
      realm: realmName,
      issuer: `${baseUrl}/realms/${realmName}`,
      sidecar,
      admin: () => adminClient(baseUrl, realmName, sidecar),
      advance: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
      now: () => Date.now(),
      close: () => Promise.resolve(),
    };
  }
  const clock = new ManualClock(Date.now());
  const double = await createKeycloakDouble({ realm: contractRealm(), clock });
  const server = await startServer(createDoubleApp(double, allRouteModules));
  return {
    kind: 'double',
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
