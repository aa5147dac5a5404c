// The realm the contract suite runs on when it targets the double: the realm credman ships (keycloak-realm/
// template + demo data, placeholders resolved as Keycloak would), so the facts are checked on the same
// configuration a real Keycloak imports (keycloak-realm/demo-import, as `npm run test:keycloak` provisions it).
import { loadRealm, parseCredmanRealm } from '@credman/realm';

export const CONTRACT_NAMES = {
  realm: 'credman',
  sidecarClientId: 'credman-sidecar',
  sidecarClientSecret: 'contract-sidecar-secret',
  consoleClientId: 'credman-console',
} as const;

/** The shipped demo realm, refused if the parts credman relies on have lost their shape (zod schema). */
export function contractRealm(env: Record<string, string> = {}): unknown {
  const realm = loadRealm({
    env: { CREDMAN_SIDECAR_CLIENT_SECRET: CONTRACT_NAMES.sidecarClientSecret, ...env },
    demo: true,
  });
  parseCredmanRealm(realm);
  return realm;
}
