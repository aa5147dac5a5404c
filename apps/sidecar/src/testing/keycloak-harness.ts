// The Keycloak double over real HTTP with the demo realm, for tests of the credential service: an admin adapter
// at any URL (the double itself or a fault proxy in front of it), the client as Keycloak holds it, and the one
// question that matters to a partner — does Keycloak accept this secret right now (a real token request).
import * as oidc from 'openid-client';
import { loadRealm } from '@credman/realm';
import {
  ManualClock,
  allRouteModules,
  createDoubleApp,
  createKeycloakDouble,
  startServer,
} from '@credman/keycloak-double';
import type { RunningServer } from '@credman/keycloak-double';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { KeycloakAdminAdapter } from '../keycloak/admin-adapter.ts';
import type { KeycloakClient } from '../keycloak/port.ts';
import { CredentialService } from '../credentials/credential-service.ts';
import type { KeyedLock } from '../credentials/keyed-lock.ts';

const SIDECAR_SECRET = 'harness-sidecar-secret';
const REALM = 'credman';

export interface KeycloakHarness {
  url: string;
  clock: ManualClock;
  adapter(options?: {
    baseUrl?: string;
    timeoutMs?: number;
    readRetryDelaysMs?: number[];
  }): KeycloakAdminAdapter;
  service(options: {
    keycloak: KeycloakAdminAdapter;
    lock?: KeyedLock;
    generateSecret?: () => string;
    busyRetryDelaysMs?: number[];
  }): CredentialService;
  /** The client as Keycloak holds it, read directly (never through a proxy). */
  client(clientId: string): Promise<KeycloakClient | undefined>;
  /** Whether the double's token endpoint accepts this secret for the client now. */
  works(clientId: string, secret: string): Promise<boolean>;
  close(): Promise<void>;
}

export async function startKeycloakHarness(startAt: number): Promise<KeycloakHarness> {
  const clock = new ManualClock(startAt);
  const double = await createKeycloakDouble({
    realm: loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: SIDECAR_SECRET }, demo: true }),
    clock,
  });
  const server: RunningServer = await startServer(createDoubleApp(double, allRouteModules));
  const metadata = (
    await oidc.discovery(new URL(`${server.url}/realms/${REALM}`), 'credman-sidecar', undefined, undefined, {
      execute: [oidc.allowInsecureRequests],
    })
  ).serverMetadata();

  const adapter: KeycloakHarness['adapter'] = (options = {}) =>
    new KeycloakAdminAdapter({
      baseUrl: options.baseUrl ?? server.url,
      realm: REALM,
      clientId: 'credman-sidecar',
      clientSecret: SIDECAR_SECRET,
      timeoutMs: options.timeoutMs ?? 5000,
      ...(options.readRetryDelaysMs ? { readRetryDelaysMs: options.readRetryDelaysMs } : {}),
    });
  const direct = adapter();

  return {
    url: server.url,
    clock,
    adapter,
    service: ({ keycloak, lock, generateSecret, busyRetryDelaysMs }) =>
      new CredentialService({
        keycloak,
        now: () => clock.now(),
        config: { zone: 'Europe/Amsterdam', catalogue: DEFAULT_API_CATALOGUE },
        ...(lock ? { lock } : {}),
        ...(generateSecret ? { generateSecret } : {}),
        ...(busyRetryDelaysMs ? { busyRetryDelaysMs } : {}),
      }),
    client: (clientId) => direct.findClientByClientId(clientId),
    works: async (clientId, secret) => {
      const config = new oidc.Configuration(metadata, clientId, undefined, oidc.ClientSecretBasic(secret));
      oidc.allowInsecureRequests(config);
      return oidc.clientCredentialsGrant(config).then(
        () => true,
        () => false,
      );
    },
    close: () => server.close(),
  };
}
