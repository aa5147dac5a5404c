export { startKeycloak, DEFAULT_ADMIN, DEFAULT_ARGS } from './keycloak-server.ts';
export type { RealKeycloak, StartKeycloakOptions } from './keycloak-server.ts';
export { pinnedKeycloakVersion, keycloakVersionOf, REPO_ROOT } from './pinned-version.ts';
export { DEMO_REALM, DEMO_SIDECAR_SECRET, demoImportFiles, demoRealmEnv } from './demo-realm.ts';
export { freePort } from './ports.ts';
export { ToolchainError } from './toolchain.ts';
export { adminRequest, importRealm, deleteRealm, serverAdminFromEnv } from './master-admin.ts';
export type { ServerAdmin } from './master-admin.ts';
export {
  startKeycloakCluster,
  waitForClusterView,
  clusterViewSize,
  CLUSTER_ARGS,
} from './keycloak-cluster.ts';
export type { KeycloakCluster, ClusterNode, ClusterOptions } from './keycloak-cluster.ts';
export {
  ensureExtensionJar,
  buildExtension,
  extensionJarIsCurrent,
  EXTENSION_JAR,
  EXTENSION_JAR_NAME,
} from './extension.ts';
export { freshDatabase, dropDatabase, psql } from './database.ts';
export type { KeycloakDatabase } from './database.ts';
export { instanceLabel } from './keycloak-server.ts';
