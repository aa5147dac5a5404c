import { z } from 'zod';
import { API_PERMISSION_SCOPES } from './builtin-scopes.ts';
import {
  ADMIN_PERMISSIONS_CLIENT_ID,
  permissionGrants,
  readAdminPolicies,
  readScopePermissions,
} from './admin-permissions.ts';

/**
 * The parts of the realm credman relies on (docs/architecture.md#data-model-in-keycloak,
 * docs/architecture.md#request-flow). Everything else passes through untouched, so the same schema can check
 * the shipped files and a realm the double imports.
 */

export const CONSOLE_CLIENT_ID = 'credman-console';
export const SIDECAR_CLIENT_ID = 'credman-sidecar';
export const SIDECAR_SERVICE_ACCOUNT = `service-account-${SIDECAR_CLIENT_ID}`;
export const OPERATOR_ROLE = 'credman-operator';
export const MANAGER_ROLE = 'credential-manager';
export const ROTATION_EXECUTOR = 'secret-rotation';
export const ADMIN_API_SCOPE = 'kc-admin-api';
/**
 * The sidecar's read-only realm-management roles (docs/architecture.md#the-sidecars-service-account). Every
 * change it makes comes from fine-grained admin permissions instead (SIDECAR_ADMIN_PERMISSIONS): a
 * manage-clients or manage-users role would grant the whole realm, whatever the permissions say.
 */
export const SIDECAR_REALM_MANAGEMENT_ROLES: readonly string[] = [
  'query-clients',
  'query-users',
  // Managers' names and emails, role holders, group members (read-only).
  'view-users',
  'view-events',
  // Reading the client policies (is the secret-rotation policy in place? — GET /readyz) needs view-realm.
  'view-realm',
];
/**
 * The sidecar's fine-grained admin permissions (keycloak-realm/README.md#the-sidecars-permissions): scope
 * permissions of the admin-permissions client, by name, with their resource type, scopes and resources (client
 * IDs; empty = every resource of the type) and whether their policy grants or, NEGATIVE, denies.
 */
export const SIDECAR_ADMIN_PERMISSIONS: readonly {
  name: string;
  resourceType: 'Clients' | 'Users';
  scopes: readonly string[];
  resources: readonly string[];
  grants: boolean;
}[] = [
  {
    name: 'credman-sidecar-all-clients',
    resourceType: 'Clients',
    scopes: ['view', 'manage', 'map-roles'],
    resources: [],
    grants: true,
  },
  {
    name: 'credman-sidecar-map-roles-all-users',
    resourceType: 'Users',
    scopes: ['map-roles'],
    resources: [],
    grants: true,
  },
  {
    name: 'credman-sidecar-not-realm-clients',
    resourceType: 'Clients',
    scopes: ['view', 'manage', 'map-roles'],
    resources: [
      CONSOLE_CLIENT_ID,
      'realm-management',
      ADMIN_PERMISSIONS_CLIENT_ID,
      'account',
      'account-console',
      'admin-cli',
      'broker',
      'security-admin-console',
    ],
    grants: false,
  },
];
/** Login hardening (keycloak-realm/README.md#login-hardening). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_FAILURE_FACTOR = 10;
/** How the sidecar authenticates at the token endpoint: a signed JWT (private_key_jwt) or its client secret. */
export const SIDECAR_CLIENT_AUTHENTICATORS: readonly string[] = ['client-jwt', 'client-secret'];
/**
 * Executor configuration (docs/architecture.md#the-rotation-policy): seconds, as strings, as Keycloak stores
 * them.
 */
export const ROTATION_EXECUTOR_CONFIGURATION: Readonly<Record<string, string>> = {
  'expiration-period': '31536000',
  'rotated-expiration-period': '0',
  'remaining-rotation-period': '864000',
};

// Keycloak reads these as Long/Integer; a quoted placeholder becomes a string that Jackson coerces.
const positiveSeconds = z.union([z.number().int().positive(), z.string().regex(/^[1-9]\d*$/)]);

const protocolMapperSchema = z.looseObject({
  name: z.string().min(1),
  protocolMapper: z.string().min(1),
  config: z.record(z.string(), z.string()).optional(),
});

const consoleClientSchema = z
  .looseObject({
    clientId: z.literal(CONSOLE_CLIENT_ID),
    enabled: z.literal(true),
    publicClient: z.literal(true),
    standardFlowEnabled: z.literal(true),
    implicitFlowEnabled: z.literal(false),
    directAccessGrantsEnabled: z.literal(false),
    redirectUris: z.array(z.string().min(1)).min(1),
    webOrigins: z.array(z.string().min(1)).min(1),
    attributes: z.looseObject({
      'pkce.code.challenge.method': z.literal('S256'),
      'minimum.acr.value': z.string().min(1),
      'post.logout.redirect.uris': z.string().min(1),
    }),
    protocolMappers: z.array(protocolMapperSchema),
  })
  .refine(
    (client) =>
      client.protocolMappers.some(
        (mapper) =>
          mapper.protocolMapper === 'oidc-audience-mapper' &&
          mapper.config?.['included.client.audience'] === SIDECAR_CLIENT_ID &&
          mapper.config['access.token.claim'] === 'true',
      ),
    {
      message: `needs an oidc-audience-mapper adding ${SIDECAR_CLIENT_ID} to access tokens`,
      path: ['protocolMappers'],
    },
  );

const sidecarClientSchema = z.looseObject({
  clientId: z.literal(SIDECAR_CLIENT_ID),
  enabled: z.literal(true),
  publicClient: z.literal(false),
  clientAuthenticatorType: z.enum(SIDECAR_CLIENT_AUTHENTICATORS as [string, ...string[]]),
  secret: z.string().min(1),
  serviceAccountsEnabled: z.literal(true),
  standardFlowEnabled: z.literal(false),
  implicitFlowEnabled: z.literal(false),
  directAccessGrantsEnabled: z.literal(false),
  defaultClientScopes: z.array(z.string()).refine((scopes) => scopes.includes(ADMIN_API_SCOPE), {
    message: `must include ${ADMIN_API_SCOPE} (Admin API audience, Keycloak 26.8.2+)`,
  }),
});

const serviceAccountSchema = z.looseObject({
  username: z.literal(SIDECAR_SERVICE_ACCOUNT),
  enabled: z.literal(true),
  serviceAccountClientId: z.literal(SIDECAR_CLIENT_ID),
  realmRoles: z.array(z.string()).max(0, 'the sidecar holds realm-management roles only').optional(),
  clientRoles: z.strictObject({
    'realm-management': z
      .array(z.string())
      .refine(
        (roles) =>
          roles.length === SIDECAR_REALM_MANAGEMENT_ROLES.length &&
          SIDECAR_REALM_MANAGEMENT_ROLES.every((role) => roles.includes(role)),
        { message: `must be exactly ${SIDECAR_REALM_MANAGEMENT_ROLES.join(', ')}` },
      ),
  }),
});

const executionSchema = z.looseObject({
  authenticator: z.string().optional(),
  authenticatorConfig: z.string().optional(),
  authenticatorFlow: z.boolean(),
  flowAlias: z.string().optional(),
  requirement: z.string(),
});
const flowSchema = z.looseObject({
  alias: z.string().min(1),
  topLevel: z.boolean(),
  authenticationExecutions: z.array(executionSchema),
});
const authenticatorConfigSchema = z.looseObject({
  alias: z.string().min(1),
  config: z.record(z.string(), z.string()),
});

const rotationProfileSchema = z.looseObject({
  name: z.string().min(1),
  executors: z.array(
    z.looseObject({ executor: z.string(), configuration: z.record(z.string(), z.unknown()) }),
  ),
});
const policySchema = z.looseObject({
  name: z.string().min(1),
  enabled: z.boolean(),
  conditions: z.array(
    z.looseObject({ condition: z.string(), configuration: z.record(z.string(), z.unknown()) }),
  ),
  profiles: z.array(z.string()),
});

const loaMapSchema = z.string().transform((text, ctx) => {
  try {
    const parsed: unknown = JSON.parse(text);
    const result = z.record(z.string(), z.number().int().nonnegative()).safeParse(parsed);
    if (result.success) return result.data;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'acr.loa.map must be a JSON object of name → level' });
  return z.NEVER;
});

const realmShape = z.looseObject({
  realm: z.string().min(1),
  enabled: z.literal(true),
  attributes: z.looseObject({ 'acr.loa.map': loaMapSchema, adminEventsExpiration: positiveSeconds }),
  browserFlow: z.string().min(1),
  authenticationFlows: z.array(flowSchema),
  authenticatorConfig: z.array(authenticatorConfigSchema),
  requiredActions: z.array(
    z.looseObject({
      alias: z.string(),
      providerId: z.string(),
      enabled: z.boolean(),
      defaultAction: z.boolean(),
    }),
  ),
  otpPolicyType: z.literal('totp'),
  otpPolicyAlgorithm: z.literal('HmacSHA1'),
  otpPolicyDigits: z.literal(6),
  otpPolicyPeriod: z.literal(30),
  otpPolicyLookAheadWindow: z.number().int().nonnegative(),
  otpPolicyInitialCounter: z.number().int().nonnegative(),
  eventsEnabled: z.literal(true),
  eventsExpiration: positiveSeconds,
  enabledEventTypes: z.array(z.string()).refine((types) => types.includes('CLIENT_LOGIN'), {
    message: 'must include CLIENT_LOGIN (per-secret last use)',
  }),
  adminEventsEnabled: z.literal(true),
  adminEventsDetailsEnabled: z.literal(true),
  smtpServer: z.looseObject({ host: z.string().min(1), port: z.string().min(1), from: z.string().min(1) }),
  roles: z.looseObject({ realm: z.array(z.looseObject({ name: z.string() })) }),
  clientScopes: z.array(
    z.looseObject({
      name: z.string().min(1),
      protocol: z.string().optional(),
      attributes: z.record(z.string(), z.string()).optional(),
    }),
  ),
  clients: z.array(z.looseObject({ clientId: z.string().min(1) })),
  users: z.array(z.looseObject({ username: z.string().min(1) })),
  clientProfiles: z.looseObject({ profiles: z.array(rotationProfileSchema) }),
  clientPolicies: z.looseObject({ policies: z.array(policySchema) }),
});

type RealmShape = z.infer<typeof realmShape>;
type Issue = { readonly message: string; readonly path: PropertyKey[] };

export const credmanRealmSchema = realmShape.superRefine((realm, ctx) => {
  const issues = [
    ...nestedIssues(
      realm,
      'clients',
      CONSOLE_CLIENT_ID,
      (client) => client.clientId === CONSOLE_CLIENT_ID,
      consoleClientSchema,
    ),
    ...nestedIssues(
      realm,
      'clients',
      SIDECAR_CLIENT_ID,
      (client) => client.clientId === SIDECAR_CLIENT_ID,
      sidecarClientSchema,
    ),
    ...nestedIssues(
      realm,
      'users',
      SIDECAR_SERVICE_ACCOUNT,
      (user) => user.username === SIDECAR_SERVICE_ACCOUNT,
      serviceAccountSchema,
    ),
    ...operatorRoleIssues(realm),
    ...sidecarPermissionIssues(realm),
    ...loginHardeningIssues(realm),
    ...tokenHardeningIssues(realm),
    ...mfaIssues(realm),
    ...rotationPolicyIssues(realm),
    ...apiScopeIssues(realm),
  ];
  for (const issue of issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
});

export type CredmanRealm = z.infer<typeof credmanRealmSchema>;

/** Validates a realm representation and returns it typed; the error lists every problem with its path. */
export function parseCredmanRealm(realm: unknown): CredmanRealm {
  const result = credmanRealmSchema.safeParse(realm);
  if (result.success) return result.data;
  throw new Error(`Realm does not meet credman's needs:\n${z.prettifyError(result.error)}`);
}

function nestedIssues<K extends 'clients' | 'users'>(
  realm: RealmShape,
  key: K,
  label: string,
  select: (item: RealmShape[K][number]) => boolean,
  schema: z.ZodType,
): Issue[] {
  const items: readonly RealmShape[K][number][] = realm[key];
  const index = items.findIndex(select);
  if (index === -1) return [{ message: `${label} is missing`, path: [key] }];
  const result = schema.safeParse(items[index]);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({ message: issue.message, path: [key, index, ...issue.path] }));
}

function operatorRoleIssues(realm: RealmShape): Issue[] {
  return realm.roles.realm.some((role) => role.name === OPERATOR_ROLE)
    ? []
    : [{ message: `realm role ${OPERATOR_ROLE} is missing`, path: ['roles', 'realm'] }];
}

/**
 * The sidecar's fine-grained permissions are exactly SIDECAR_ADMIN_PERMISSIONS: each with its scopes and
 * resources, granting or denying the service account as listed and granting nobody else; no other permission
 * grants the service account anything (docs/architecture.md#the-sidecars-service-account).
 */
function sidecarPermissionIssues(realm: RealmShape): Issue[] {
  const path = ['clients'];
  if (realm['adminPermissionsEnabled'] !== true)
    return [
      {
        message: 'adminPermissionsEnabled must be true (the sidecar relies on them)',
        path: ['adminPermissionsEnabled'],
      },
    ];
  const found = readScopePermissions(realm);
  const policies = readAdminPolicies(realm);
  const issues: Issue[] = [];
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x) => b.includes(x));
  // A stand-in for every other caller: a resource-specific permission decides alone for whoever it grants.
  const someoneElse = `${SIDECAR_SERVICE_ACCOUNT}-not`;
  for (const expected of SIDECAR_ADMIN_PERMISSIONS) {
    const permission = found.find((p) => p.name === expected.name);
    const matches =
      permission !== undefined &&
      permission.resourceType === expected.resourceType &&
      same(permission.scopes, expected.scopes) &&
      same(permission.resources, expected.resources) &&
      permissionGrants(policies, permission, SIDECAR_SERVICE_ACCOUNT) === expected.grants &&
      !permissionGrants(policies, permission, someoneElse);
    if (!matches)
      issues.push({
        message: `${ADMIN_PERMISSIONS_CLIENT_ID} permission ${expected.name} must be as SIDECAR_ADMIN_PERMISSIONS says`,
        path,
      });
  }
  for (const permission of found) {
    const listed = SIDECAR_ADMIN_PERMISSIONS.some((e) => e.name === permission.name);
    if (!listed && permissionGrants(policies, permission, SIDECAR_SERVICE_ACCOUNT))
      issues.push({
        message: `permission ${permission.name} gives the sidecar more than SIDECAR_ADMIN_PERMISSIONS`,
        path,
      });
  }
  return issues;
}

/** The longest brute-force wait the realm may configure, in seconds (keycloak-realm/README.md#login-hardening). */
export const MAX_LOCKOUT_WAIT_SECONDS = 300;

/**
 * User events the realm must store (keycloak-realm/README.md#login-hardening): logins, lockouts and every change of a
 * credential or the profile, each with its _ERROR twin, so a takeover leaves more than a LOGIN.
 */
export const REQUIRED_EVENT_TYPES: readonly string[] = [
  'CLIENT_LOGIN',
  'LOGIN',
  'CODE_TO_TOKEN',
  'LOGOUT',
  'REFRESH_TOKEN',
  'USER_DISABLED_BY_TEMPORARY_LOCKOUT',
  'USER_DISABLED_BY_PERMANENT_LOCKOUT',
  'RESET_PASSWORD',
  'SEND_RESET_PASSWORD',
  'EXECUTE_ACTIONS',
  'EXECUTE_ACTION_TOKEN',
  'UPDATE_PASSWORD',
  'UPDATE_TOTP',
  'REMOVE_TOTP',
  'UPDATE_CREDENTIAL',
  'REMOVE_CREDENTIAL',
  'UPDATE_EMAIL',
  'UPDATE_PROFILE',
].flatMap((type) => [type, `${type}_ERROR`]);

/** Password policy, brute-force detection, self-service reset, events (keycloak-realm/README.md#login-hardening). */
function loginHardeningIssues(realm: RealmShape): Issue[] {
  const issues: Issue[] = [];
  const policy = typeof realm['passwordPolicy'] === 'string' ? realm['passwordPolicy'] : '';
  const length = /(?:^|\s)length\((\d+)\)/.exec(policy)?.[1];
  if (
    length === undefined ||
    Number(length) < MIN_PASSWORD_LENGTH ||
    !/\bnotUsername\b/.test(policy) ||
    !/\bnotEmail\b/.test(policy)
  )
    issues.push({
      message: `passwordPolicy needs length(>= ${MIN_PASSWORD_LENGTH}), notUsername and notEmail`,
      path: ['passwordPolicy'],
    });
  // A lockout must stay a short wait: anyone who knows a username can trigger it (README, login hardening).
  const bounded = (key: string, max: number) => {
    const value = realm[key];
    if (typeof value !== 'number' || value > max)
      issues.push({ message: `${key} must be a number <= ${String(max)}`, path: [key] });
  };
  bounded('waitIncrementSeconds', MAX_LOCKOUT_WAIT_SECONDS);
  bounded('maxFailureWaitSeconds', MAX_LOCKOUT_WAIT_SECONDS);
  bounded('minimumQuickLoginWaitSeconds', MAX_LOCKOUT_WAIT_SECONDS);
  if (realm['permanentLockout'] !== false)
    issues.push({
      message: 'permanentLockout must be false (a lockout switch for anyone)',
      path: ['permanentLockout'],
    });
  if (realm['resetPasswordAllowed'] !== false)
    issues.push({
      message: 'resetPasswordAllowed must be false: a mailbox alone would reset password and OTP',
      path: ['resetPasswordAllowed'],
    });
  if (realm['loginWithEmailAllowed'] !== false)
    issues.push({ message: 'loginWithEmailAllowed must be false', path: ['loginWithEmailAllowed'] });
  const types = realm.enabledEventTypes;
  const missing = REQUIRED_EVENT_TYPES.filter((type) => !types.includes(type));
  if (missing.length > 0)
    issues.push({ message: `enabledEventTypes lacks ${missing.join(', ')}`, path: ['enabledEventTypes'] });
  const failureFactor = realm['failureFactor'];
  if (
    realm['bruteForceProtected'] !== true ||
    typeof failureFactor !== 'number' ||
    failureFactor > MAX_FAILURE_FACTOR
  )
    issues.push({
      message: `brute-force detection must be on with failureFactor <= ${MAX_FAILURE_FACTOR}`,
      path: ['failureFactor'],
    });
  return issues;
}

/** Upper bounds of the realm's lifetimes in seconds (keycloak-realm/README.md#hardening). */
export const MAX_LIFETIMES: Readonly<Record<string, number>> = {
  accessTokenLifespan: 300,
  ssoSessionIdleTimeout: 1800,
  ssoSessionMaxLifespan: 36000,
  clientSessionIdleTimeout: 1800,
  clientSessionMaxLifespan: 36000,
};

/** Lifetimes, refresh-token rotation, exact console URIs, TLS (keycloak-realm/README.md#hardening). */
function tokenHardeningIssues(realm: RealmShape): Issue[] {
  const issues: Issue[] = [];
  for (const [key, max] of Object.entries(MAX_LIFETIMES)) {
    const value = realm[key];
    if (typeof value !== 'number' || value <= 0 || value > max)
      issues.push({ message: `${key} must be set, between 1 and ${String(max)} seconds`, path: [key] });
  }
  if (realm['revokeRefreshToken'] !== true || realm['refreshTokenMaxReuse'] !== 0)
    issues.push({
      message: 'refresh tokens must rotate: revokeRefreshToken true, refreshTokenMaxReuse 0',
      path: ['revokeRefreshToken'],
    });
  if (realm['sslRequired'] !== 'all' && realm['sslRequired'] !== 'external')
    issues.push({
      message: 'sslRequired must be all (production) or external (demo)',
      path: ['sslRequired'],
    });
  const policy = typeof realm['passwordPolicy'] === 'string' ? realm['passwordPolicy'] : '';
  const history = /(?:^|\s)passwordHistory\((\d+)\)/.exec(policy)?.[1];
  if (history === undefined || Number(history) < 3)
    issues.push({ message: 'passwordPolicy needs passwordHistory(>= 3)', path: ['passwordPolicy'] });
  const console = realm.clients.find((client) => client.clientId === CONSOLE_CLIENT_ID);
  const attributes = (console?.['attributes'] ?? {}) as Record<string, unknown>;
  const uris = [
    ...((console?.['redirectUris'] ?? []) as unknown[]),
    ...(typeof attributes['post.logout.redirect.uris'] === 'string'
      ? attributes['post.logout.redirect.uris'].split('##')
      : ['']),
  ];
  if (uris.some((uri) => typeof uri !== 'string' || uri.includes('*') || uri === '+'))
    issues.push({
      message: `${CONSOLE_CLIENT_ID} needs exact redirect and post-logout redirect URIs (no * or +)`,
      path: ['clients'],
    });
  return issues;
}

/**
 * The authenticators of the browser flow's sub-flows, by the level their "Condition - Level of Authentication"
 * guards; undefined (with an issue) when the bound browser flow is not a top-level flow in the file.
 */
function authenticatorsByLevel(realm: RealmShape, issues: Issue[]): Map<number, Set<string>> | undefined {
  const flows = new Map(realm.authenticationFlows.map((flow) => [flow.alias, flow]));
  const configs = new Map(realm.authenticatorConfig.map((config) => [config.alias, config.config]));
  if (flows.get(realm.browserFlow)?.topLevel !== true) {
    issues.push({
      message: `browserFlow "${realm.browserFlow}" is not a top-level flow in the file`,
      path: ['browserFlow'],
    });
    return undefined;
  }
  const byLevel = new Map<number, Set<string>>();
  const visited = new Set<string>();
  const visit = (alias: string): void => {
    if (visited.has(alias)) return;
    visited.add(alias);
    const flow = flows.get(alias);
    if (flow === undefined) {
      issues.push({ message: `sub-flow "${alias}" does not exist`, path: ['authenticationFlows'] });
      return;
    }
    const level = guardedLevel(flow.authenticationExecutions, configs, issues);
    for (const execution of flow.authenticationExecutions) {
      if (execution.authenticatorFlow && execution.flowAlias !== undefined) visit(execution.flowAlias);
      else if (level !== undefined && execution.authenticator !== undefined) {
        const set = byLevel.get(level) ?? new Set<string>();
        set.add(execution.authenticator);
        byLevel.set(level, set);
      }
    }
  };
  visit(realm.browserFlow);
  return byLevel;
}

/** The level a flow's level condition guards, if any; a reference to a missing config is an issue. */
function guardedLevel(
  executions: RealmShape['authenticationFlows'][number]['authenticationExecutions'],
  configs: Map<string, Record<string, string>>,
  issues: Issue[],
): number | undefined {
  let level: number | undefined;
  for (const execution of executions) {
    if (execution.authenticatorConfig !== undefined && !configs.has(execution.authenticatorConfig)) {
      // Keycloak's import fails on this (it dereferences the missing config).
      issues.push({
        message: `authenticatorConfig "${execution.authenticatorConfig}" does not exist`,
        path: ['authenticatorConfig'],
      });
    }
    if (execution.authenticator === 'conditional-level-of-authentication') {
      const configured = configs.get(execution.authenticatorConfig ?? '')?.['loa-condition-level'];
      level = configured === undefined ? undefined : Number(configured);
    }
  }
  return level;
}

/** LoA step-up: the console's minimum level must be the OTP level, reached through the bound browser flow. */
function mfaIssues(realm: RealmShape): Issue[] {
  const issues: Issue[] = [];
  const loaMap = realm.attributes['acr.loa.map'];
  const consoleClient = realm.clients.find((client) => client.clientId === CONSOLE_CLIENT_ID);
  const minimumAcr = consoleClient === undefined ? undefined : consoleMinimumAcr(consoleClient);
  const mfaLevel = minimumAcr === undefined ? undefined : loaMap[minimumAcr];
  if (mfaLevel === undefined) {
    issues.push({
      message: 'the console client minimum.acr.value must be a key of acr.loa.map',
      path: ['attributes'],
    });
  }
  const byLevel = authenticatorsByLevel(realm, issues);
  if (byLevel === undefined) return issues;

  const passwordLevel = loaMap['pwd'];
  if (
    passwordLevel === undefined ||
    byLevel.get(passwordLevel)?.has('auth-username-password-form') !== true
  ) {
    issues.push({
      message: 'the browser flow needs a level "pwd" step with auth-username-password-form',
      path: ['authenticationFlows'],
    });
  }
  if (mfaLevel !== undefined && byLevel.get(mfaLevel)?.has('auth-otp-form') !== true) {
    issues.push({
      message: `the browser flow needs a level ${mfaLevel} step with auth-otp-form`,
      path: ['authenticationFlows'],
    });
  }
  const configureTotp = realm.requiredActions.find((action) => action.alias === 'CONFIGURE_TOTP');
  if (configureTotp?.enabled !== true || !configureTotp.defaultAction) {
    issues.push({
      message: 'CONFIGURE_TOTP must be enabled and a default action',
      path: ['requiredActions'],
    });
  }
  return issues;
}

function consoleMinimumAcr(client: RealmShape['clients'][number]): string | undefined {
  const attributes = client['attributes'];
  if (typeof attributes !== 'object' || attributes === null) return undefined;
  const value: unknown = (attributes as Record<string, unknown>)['minimum.acr.value'];
  return typeof value === 'string' ? value : undefined;
}

function rotationPolicyIssues(realm: RealmShape): Issue[] {
  const profile = realm.clientProfiles.profiles.find((candidate) =>
    candidate.executors.some(
      (executor) =>
        executor.executor === ROTATION_EXECUTOR &&
        Object.entries(ROTATION_EXECUTOR_CONFIGURATION).every(
          ([key, value]) => executor.configuration[key] === value,
        ),
    ),
  );
  if (profile === undefined) {
    return [
      {
        message: `no client profile with a ${ROTATION_EXECUTOR} executor configured as docs/architecture.md#the-rotation-policy says`,
        path: ['clientProfiles'],
      },
    ];
  }
  const bound = realm.clientPolicies.policies.some(
    (policy) =>
      policy.enabled &&
      policy.profiles.includes(profile.name) &&
      policy.conditions.some((condition) => {
        const roles = condition.configuration['roles'];
        return condition.condition === 'client-roles' && Array.isArray(roles) && roles.includes(MANAGER_ROLE);
      }),
  );
  return bound
    ? []
    : [
        {
          message: `no enabled client policy binds "${profile.name}" to clients defining ${MANAGER_ROLE}`,
          path: ['clientPolicies'],
        },
      ];
}

function apiScopeIssues(realm: RealmShape): Issue[] {
  return API_PERMISSION_SCOPES.flatMap((name) => {
    const scope = realm.clientScopes.find((candidate) => candidate.name === name);
    const ok =
      scope !== undefined &&
      scope.protocol === 'openid-connect' &&
      scope.attributes?.['include.in.token.scope'] === 'true';
    return ok
      ? []
      : [
          {
            message: `API scope ${name} must be an openid-connect scope included in the token scope`,
            path: ['clientScopes'],
          },
        ];
  });
}
