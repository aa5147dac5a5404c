import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import * as oidc from 'openid-client';
import { createDoubleApp } from './app.ts';
import { createKeycloakDouble } from './double.ts';
import { keycloakDoubleHandlers } from './msw.ts';
import { allRouteModules } from './routes.ts';
import { CONTRACT_NAMES, contractRealm } from './contract/contract-realm.ts';

// A host name that exists nowhere: every request must be answered in-process by the msw handlers.
const BASE = 'http://keycloak.msw.invalid';

describe('the double as msw handlers (in-process)', () => {
  const server = setupServer();
  beforeAll(async () => {
    const double = await createKeycloakDouble({ realm: contractRealm() });
    server.use(...keycloakDoubleHandlers(createDoubleApp(double, allRouteModules), BASE));
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterAll(() => {
    server.close();
  });

  it('given the admin client, when the sidecar service account lists the demo applications, then they come from the imported realm', async () => {
    const kc = new KeycloakAdminClient({ baseUrl: BASE, realmName: CONTRACT_NAMES.realm });
    await kc.auth({
      grantType: 'client_credentials',
      clientId: CONTRACT_NAMES.sidecarClientId,
      clientSecret: CONTRACT_NAMES.sidecarClientSecret,
    });
    const clients = await kc.clients.find({ clientId: 'Partner', search: true });
    expect(clients.map((c) => c.clientId)).toEqual([
      'Partner-NL-OrganisationName-DM',
      'Partner-NL-OrganisationName-SMC',
      'PartnerAlternative-NL-OrganisationName-SMC',
    ]);
  });

  it('given openid-client, when discovery and a client_credentials grant run, then the token is issued by the double', async () => {
    const config = await oidc.discovery(
      new URL(`${BASE}/realms/${CONTRACT_NAMES.realm}`),
      CONTRACT_NAMES.sidecarClientId,
      undefined,
      oidc.ClientSecretBasic(CONTRACT_NAMES.sidecarClientSecret),
      { execute: [oidc.allowInsecureRequests] },
    );
    const tokens = await oidc.clientCredentialsGrant(config);
    expect(tokens.token_type).toBe('bearer');
    expect(config.serverMetadata().issuer).toBe(`${BASE}/realms/${CONTRACT_NAMES.realm}`);
  });
});
