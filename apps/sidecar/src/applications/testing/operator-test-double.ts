// Test support for the operator use cases: the Keycloak double over real HTTP with the demo realm plus what
// the demo lacks — a group holding an application's manager role (with a member) and a user whose email is not
// verified — and the use cases wired to it the way main.ts wires them.
import * as oidc from 'openid-client';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import {
  ManualClock,
  allRouteModules,
  createDoubleApp,
  createKeycloakDouble,
  startServer,
} from '@credman/keycloak-double';
import type { KeycloakDouble } from '@credman/keycloak-double';
import { loadRealm } from '@credman/realm';
import { CredentialService } from '../../credentials/credential-service.ts';
import { nextDueAt } from '../../reminders/next-due.ts';
import { KeycloakAdminAdapter } from '../../keycloak/admin-adapter.ts';
import type { KeycloakPort } from '../../keycloak/port.ts';
import type { OperatorRoutesDeps } from '../../http/routes/operator.ts';

const SIDECAR_SECRET = 'operator-test-sidecar-secret';
/** The demo application whose manager role the extra group holds. */
export const GROUP_MANAGED_APP = 'Partner-NL-OrganisationName-SMC';
export const GROUP_PATH = '/partners/smc-team';

/** The demo realm with a nested group `/partners/smc-team` (member gina) and a user uma with an unverified email. */
function realmWithGroup(): unknown {
  const realm = loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: SIDECAR_SECRET }, demo: true });
  const person = (username: string, emailVerified: boolean, groups: string[]) => ({
    username,
    email: `${username}@example.org`,
    emailVerified,
    firstName: username.charAt(0).toUpperCase() + username.slice(1),
    lastName: 'Tester',
    enabled: true,
    groups,
  });
  return {
    ...realm,
    groups: [
      {
        name: 'partners',
        subGroups: [{ name: 'smc-team', clientRoles: { [GROUP_MANAGED_APP]: ['credential-manager'] } }],
      },
    ],
    users: [...(realm.users as unknown[]), person('gina', true, [GROUP_PATH]), person('uma', false, [])],
  };
}

export interface OperatorTestDouble {
  double: KeycloakDouble;
  clock: ManualClock;
  keycloak: KeycloakPort;
  credentials: CredentialService;
  deps: OperatorRoutesDeps;
  /** The Keycloak user id of a user by username. */
  userId(username: string): Promise<string>;
  /** Whether the double's token endpoint accepts this client secret now (a real client_credentials grant). */
  works(clientId: string, secret: string): Promise<boolean>;
  close(): Promise<void>;
}

export async function startOperatorTestDouble(startAt: number): Promise<OperatorTestDouble> {
  const clock = new ManualClock(startAt);
  const double = await createKeycloakDouble({ realm: realmWithGroup(), clock });
  const server = await startServer(createDoubleApp(double, allRouteModules));
  const keycloak = new KeycloakAdminAdapter({
    baseUrl: server.url,
    realm: 'credman',
    clientId: 'credman-sidecar',
    clientSecret: SIDECAR_SECRET,
    timeoutMs: 5000,
    readRetryDelaysMs: [],
  });
  const now = () => clock.now();
  const credentials = new CredentialService({
    nextDueAt,
    keycloak,
    now,
    config: { zone: 'Europe/Amsterdam', catalogue: DEFAULT_API_CATALOGUE },
  });
  const metadata = (
    await oidc.discovery(new URL(`${server.url}/realms/credman`), 'credman-sidecar', undefined, undefined, {
      execute: [oidc.allowInsecureRequests],
    })
  ).serverMetadata();
  return {
    double,
    clock,
    keycloak,
    credentials,
    deps: { keycloak, store: credentials.applications, credentials, catalogue: DEFAULT_API_CATALOGUE, now },
    async userId(username) {
      const found = await keycloak.findUsers({ search: username, first: 0, max: 10 });
      const user = found.find((candidate) => candidate.username === username);
      if (!user) throw new Error(`no user ${username} in the test realm`);
      return user.id;
    },
    works(clientId, secret) {
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
