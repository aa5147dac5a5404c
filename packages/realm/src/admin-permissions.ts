// Fine-grained admin permissions v2 as a realm file states them: the scope permissions in the authorization
// settings of Keycloak's `admin-permissions` client and the user and aggregate policies they apply. Keycloak
// stores the lists as JSON text inside `config` (an export writes them so, and its import reads them so);
// resources and users are named by client ID and user name, which the import resolves
// (keycloak-realm/README.md#the-sidecars-permissions).

/** Keycloak's client for fine-grained admin permissions v2; its authorization settings hold the permissions. */
export const ADMIN_PERMISSIONS_CLIENT_ID = 'admin-permissions';

export interface AdminPolicy {
  name: string;
  type: string;
  logic: 'POSITIVE' | 'NEGATIVE';
  decisionStrategy: 'UNANIMOUS' | 'AFFIRMATIVE' | 'CONSENSUS';
  /** user policies: the user names. */
  users: string[];
  /** aggregate policies and permissions: the policies applied, by name. */
  applyPolicies: string[];
}

export interface ScopePermission {
  name: string;
  resourceType: string;
  scopes: string[];
  /** Client IDs (Clients) or user names (Users); empty = every resource of the type. */
  resources: string[];
  /** The applied policies by name. */
  applyPolicies: string[];
  decisionStrategy: AdminPolicy['decisionStrategy'];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

function jsonList(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function rawPolicies(realm: unknown): Json[] {
  if (!isObject(realm) || !Array.isArray(realm['clients'])) return [];
  const client: unknown = realm['clients'].find(
    (c: unknown) => isObject(c) && c['clientId'] === ADMIN_PERMISSIONS_CLIENT_ID,
  );
  if (!isObject(client) || !isObject(client['authorizationSettings'])) return [];
  const policies = client['authorizationSettings']['policies'];
  return Array.isArray(policies) ? policies.filter(isObject) : [];
}

function toPolicy(raw: Json): AdminPolicy {
  const config = isObject(raw['config']) ? raw['config'] : {};
  const strategy = raw['decisionStrategy'];
  return {
    name: String(raw['name']),
    type: String(raw['type']),
    logic: raw['logic'] === 'NEGATIVE' ? 'NEGATIVE' : 'POSITIVE',
    decisionStrategy: strategy === 'AFFIRMATIVE' || strategy === 'CONSENSUS' ? strategy : 'UNANIMOUS',
    users: jsonList(config['users']),
    applyPolicies: jsonList(config['applyPolicies']),
  };
}

/** The policies of the admin-permissions client (permissions included), by name. */
export function readAdminPolicies(realm: unknown): Map<string, AdminPolicy> {
  return new Map(rawPolicies(realm).map((raw) => [String(raw['name']), toPolicy(raw)]));
}

/** The realm's scope permissions; an "all resources" permission has no resources. */
export function readScopePermissions(realm: unknown): ScopePermission[] {
  return rawPolicies(realm)
    .filter((raw) => raw['type'] === 'scope')
    .map((raw) => {
      const config = isObject(raw['config']) ? raw['config'] : {};
      const resourceType =
        typeof config['defaultResourceType'] === 'string' ? config['defaultResourceType'] : '';
      const policy = toPolicy(raw);
      return {
        name: policy.name,
        resourceType,
        scopes: jsonList(config['scopes']),
        resources: jsonList(config['resources']).filter((r) => r !== resourceType),
        applyPolicies: policy.applyPolicies,
        decisionStrategy: policy.decisionStrategy,
      };
    });
}

function combine(strategy: AdminPolicy['decisionStrategy'], decisions: boolean[]): boolean {
  if (decisions.length === 0) return false;
  if (strategy === 'AFFIRMATIVE') return decisions.some(Boolean);
  if (strategy === 'CONSENSUS') return decisions.filter(Boolean).length > decisions.length / 2;
  return decisions.every(Boolean);
}

/**
 * Whether a policy grants the given user (by user name): user policies grant the users they list, aggregates
 * combine their policies by their decision strategy, NEGATIVE logic inverts. Other policy types grant nobody
 * here (credman's realm uses none).
 */
export function policyGrants(
  policies: ReadonlyMap<string, AdminPolicy>,
  name: string,
  username: string,
  depth = 0,
): boolean {
  const policy = policies.get(name);
  if (policy === undefined || depth > 10) return false;
  let granted = false;
  if (policy.type === 'user') granted = policy.users.includes(username);
  else if (policy.type === 'aggregate')
    granted = combine(
      policy.decisionStrategy,
      policy.applyPolicies.map((sub) => policyGrants(policies, sub, username, depth + 1)),
    );
  return policy.logic === 'NEGATIVE' ? !granted : granted;
}

/** Whether a scope permission grants the user (its applied policies combined by its decision strategy). */
export function permissionGrants(
  policies: ReadonlyMap<string, AdminPolicy>,
  permission: ScopePermission,
  username: string,
): boolean {
  return combine(
    permission.decisionStrategy,
    permission.applyPolicies.map((name) => policyGrants(policies, name, username)),
  );
}
