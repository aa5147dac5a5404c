// Keycloak over real HTTP with the demo realm, for tests of the credential service: an admin adapter at any URL
// (Keycloak itself or a fault proxy in front of it), the client as Keycloak holds it, and the one question that
// matters to a partner — does Keycloak accept this secret right now (a real token request). The double by
// default; in `npm run test:keycloak` the real Keycloak in a realm of the harness's own (test-keycloak.ts), where
// only credman's clock moves (a suite that needs Keycloak's own time to move is double-only).
import * as oidc from 'openid-client';
import { ManualClock } from '@credman/keycloak-double';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import type { KeycloakAdminAdapter } from '../keycloak/admin-adapter.ts';
import type { KeycloakClient } from '../keycloak/port.ts';
import { CredentialService } from '../credentials/credential-service.ts';
import { nextDueAt } from '../reminders/next-due.ts';
import type { KeyedLock } from '../store/keyed-lock.ts';
import type { SecretChangeListener } from '../credentials/notices.ts';
import { SIDECAR_CLIENT_ID } from './demo-double.ts';
import type { AdapterOptions } from './demo-double.ts';
import { startTestKeycloak } from './test-keycloak.ts';
import type { TestKeycloak } from './test-keycloak.ts';

export const SIDECAR_SECRET = 'harness-sidecar-secret';

export interface KeycloakHarness {
  kind: TestKeycloak['kind'];
  /** Whether the target has credman's Keycloak extension. */
  extension: boolean;
  url: string;
  /** credman's clock (on the double, also the double's). */
  clock: ManualClock;
  adapter(options?: AdapterOptions): KeycloakAdminAdapter;
  service(options: {
    keycloak: KeycloakAdminAdapter;
    lock?: KeyedLock;
    generateSecret?: () => string;
    busyRetryDelaysMs?: number[];
    onSecretChange?: SecretChangeListener;
  }): CredentialService;
  /** The client as Keycloak holds it, read directly (never through a proxy). */
  client(clientId: string): Promise<KeycloakClient | undefined>;
  /** Whether Keycloak's token endpoint accepts this secret for the client now. */
  works(clientId: string, secret: string): Promise<boolean>;
  close(): Promise<void>;
}

export async function startKeycloakHarness(
  startAt: number,
  options: { extension?: boolean } = {},
): Promise<KeycloakHarness> {
  const keycloak = await startTestKeycloak({ sidecarSecret: SIDECAR_SECRET, startAt, ...options });
  const clock = keycloak.kind === 'double' ? keycloak.clock : new ManualClock(startAt);
  const { adapter } = keycloak;
  const metadata = (
    await oidc.discovery(
      new URL(`${keycloak.url}/realms/${keycloak.realm}`),
      SIDECAR_CLIENT_ID,
      undefined,
      undefined,
      { execute: [oidc.allowInsecureRequests] },
    )
  ).serverMetadata();
  const direct = adapter();

  return {
    kind: keycloak.kind,
    extension: keycloak.extension,
    url: keycloak.url,
    clock,
    adapter,
    service: ({ keycloak, lock, generateSecret, busyRetryDelaysMs, onSecretChange }) =>
      new CredentialService({
        nextDueAt,
        keycloak,
        now: () => clock.now(),
        config: { zone: 'Europe/Amsterdam', catalogue: DEFAULT_API_CATALOGUE },
        lock,
        generateSecret,
        busyRetryDelaysMs,
        onSecretChange,
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
    close: () => keycloak.close(),
  };
}
