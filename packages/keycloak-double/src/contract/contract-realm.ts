// The realm the contract suite runs on when it targets the double. It must be the realm credman ships
// (keycloak-realm/ template + demo data) so that the facts are checked on the configuration real Keycloak
// imports. Until @credman/realm lands this is a stand-in with the same names.
import { ROTATION_POLICY_REALM } from '../testing/minimal-realm.ts';

export const CONTRACT_NAMES = {
  realm: 'credman',
  sidecarClientId: 'credman-sidecar',
  sidecarClientSecret: 'contract-sidecar-secret',
  consoleClientId: 'credman-console',
} as const;

export function contractRealm(): unknown {
  const realm = structuredClone(ROTATION_POLICY_REALM) as Record<string, unknown> & { clients: unknown[]; users?: unknown[] };
  realm.realm = CONTRACT_NAMES.realm;
  realm.clients.push({
    clientId: CONTRACT_NAMES.sidecarClientId,
    publicClient: false,
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    secret: CONTRACT_NAMES.sidecarClientSecret,
  });
  realm.users = [
    {
      username: `service-account-${CONTRACT_NAMES.sidecarClientId}`,
      enabled: true,
      serviceAccountClientId: CONTRACT_NAMES.sidecarClientId,
      clientRoles: {
        'realm-management': ['query-clients', 'view-clients', 'manage-clients', 'query-users', 'view-users', 'view-events'],
      },
    },
  ];
  return realm;
}
