// The adapter's client authentication: with a private key it signs a fresh assertion for every token
// (private_key_jwt; docs/architecture.md#the-sidecars-service-account), else it sends the client secret.
// Against the Keycloak double, whose client-jwt checks are contract-tested against Keycloak 26.7.3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { loadRealm } from '@credman/realm';
import {
  ManualClock,
  allRouteModules,
  createDoubleApp,
  createKeycloakDouble,
  startServer,
} from '@credman/keycloak-double';
import type { RunningServer } from '@credman/keycloak-double';
import { KeycloakAdminAdapter } from './admin-adapter.ts';
import { KeycloakRejectedError } from './errors.ts';

let server: RunningServer;
let privateKeyPem: string;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKeyPem = await exportPKCS8(pair.privateKey);
  const publicKey = (await exportSPKI(pair.publicKey)).replace(/-----[A-Z ]+-----|\s/g, '');
  const realm = loadRealm({
    env: {
      CREDMAN_SIDECAR_CLIENT_SECRET: 'unused-secret',
      CREDMAN_SIDECAR_CLIENT_AUTHENTICATOR: 'client-jwt',
      CREDMAN_SIDECAR_PUBLIC_KEY: publicKey,
    },
    demo: true,
  });
  const double = await createKeycloakDouble({ realm, clock: new ManualClock(Date.now()) });
  server = await startServer(createDoubleApp(double, allRouteModules));
});
afterAll(() => server.close());

function adapter(credentials: { privateKeyPem?: string; clientSecret?: string }): KeycloakAdminAdapter {
  return new KeycloakAdminAdapter({
    baseUrl: server.url,
    realm: 'credman',
    clientId: 'credman-sidecar',
    clientSecret: credentials.clientSecret ?? '',
    privateKeyPem: credentials.privateKeyPem,
    timeoutMs: 5000,
    readRetryDelaysMs: [],
  });
}

describe('service-account authentication', () => {
  it('given the private key registered in the realm, then the adapter signs its way in, token after token', async () => {
    const signed = adapter({ privateKeyPem });
    expect(await signed.rotationPolicies()).toContain('credman-managed-applications');
    // A second adapter needs a second token: a new assertion (jti), since Keycloak refuses a replay.
    expect(
      (await adapter({ privateKeyPem }).findClientByClientId('Partner-NL-OrganisationName-DM'))?.clientId,
    ).toBe('Partner-NL-OrganisationName-DM');
  });

  it('given a client-jwt sidecar, then its secret no longer works, nor another key', async () => {
    await expect(adapter({ clientSecret: 'unused-secret' }).rotationPolicies()).rejects.toBeInstanceOf(
      KeycloakRejectedError,
    );
    const other = await exportPKCS8((await generateKeyPair('RS256', { extractable: true })).privateKey);
    await expect(adapter({ privateKeyPem: other }).rotationPolicies()).rejects.toBeInstanceOf(
      KeycloakRejectedError,
    );
  });
});
