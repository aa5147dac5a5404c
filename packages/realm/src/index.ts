export {
  resolvePlaceholders,
  findPlaceholders,
  describePlaceholder,
  PlaceholderRecursionError,
  type PlaceholderEnv,
  type PlaceholderExpression,
} from './placeholders.ts';
export {
  loadRealm,
  buildDemoRealmDocument,
  UnresolvedPlaceholderError,
  CREDMAN_PLACEHOLDER_PREFIX,
  DEMO_REALM_DEFAULTS,
  type LoadRealmOptions,
} from './load-realm.ts';
export { realmFilePaths, DEFAULT_REALM_DIR, type RealmFilePaths } from './realm-files.ts';
export { mergeRealmAdditions, DEMO_OVERRIDABLE_KEYS } from './merge.ts';
export { findRealmIntegrityProblems } from './integrity.ts';
export {
  BUILTIN_CLIENT_SCOPES,
  SCOPES_KEYCLOAK_CREATES_ON_IMPORT,
  API_PERMISSION_SCOPES,
  type BuiltinScope,
} from './builtin-scopes.ts';
export {
  credmanRealmSchema,
  parseCredmanRealm,
  CONSOLE_CLIENT_ID,
  SIDECAR_CLIENT_ID,
  SIDECAR_SERVICE_ACCOUNT,
  SIDECAR_REALM_MANAGEMENT_ROLES,
  SIDECAR_ADMIN_PERMISSIONS,
  SIDECAR_CLIENT_AUTHENTICATORS,
  MIN_PASSWORD_LENGTH,
  OPERATOR_ROLE,
  MANAGER_ROLE,
  ADMIN_API_SCOPE,
  ROTATION_EXECUTOR,
  ROTATION_EXECUTOR_CONFIGURATION,
  type CredmanRealm,
} from './schema.ts';
export {
  ADMIN_PERMISSIONS_CLIENT_ID,
  readScopePermissions,
  readAdminPolicies,
  policyGrants,
  permissionGrants,
  type ScopePermission,
  type AdminPolicy,
} from './admin-permissions.ts';
export { type JsonObject, type JsonValue } from './json.ts';
