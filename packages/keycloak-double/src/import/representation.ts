// The subset of Keycloak's RealmRepresentation the double reads at import. Loose objects: Keycloak ignores
// nothing silently that credman relies on, and unknown keys here are simply not modelled.
import { z } from 'zod';

const stringMap = z.record(z.string(), z.string());
/** A number, or a numeric string as a resolved placeholder leaves it (Jackson coerces it). */
const numeric = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
const stringListMap = z.record(z.string(), z.array(z.string()));

export const protocolMapperSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  protocol: z.string().default('openid-connect'),
  protocolMapper: z.string(),
  config: stringMap.default({}),
});

export const clientSchema = z.looseObject({
  id: z.string().optional(),
  clientId: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  rootUrl: z.string().optional(),
  baseUrl: z.string().optional(),
  enabled: z.boolean().optional(),
  publicClient: z.boolean().optional(),
  bearerOnly: z.boolean().optional(),
  serviceAccountsEnabled: z.boolean().optional(),
  standardFlowEnabled: z.boolean().optional(),
  implicitFlowEnabled: z.boolean().optional(),
  directAccessGrantsEnabled: z.boolean().optional(),
  consentRequired: z.boolean().optional(),
  frontchannelLogout: z.boolean().optional(),
  fullScopeAllowed: z.boolean().optional(),
  authorizationServicesEnabled: z.boolean().optional(),
  alwaysDisplayInConsole: z.boolean().optional(),
  surrogateAuthRequired: z.boolean().optional(),
  protocol: z.string().optional(),
  clientAuthenticatorType: z.string().optional(),
  secret: z.string().optional(),
  redirectUris: z.array(z.string()).optional(),
  webOrigins: z.array(z.string()).optional(),
  notBefore: z.number().optional(),
  nodeReRegistrationTimeout: z.number().optional(),
  attributes: z.record(z.string(), z.string().nullable()).optional(),
  defaultClientScopes: z.array(z.string()).optional(),
  optionalClientScopes: z.array(z.string()).optional(),
  protocolMappers: z.array(protocolMapperSchema).optional(),
});

const roleCompositesSchema = z.looseObject({
  realm: z.array(z.string()).optional(),
  client: stringListMap.optional(),
});

export const roleSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  description: z.string().optional(),
  composite: z.boolean().optional(),
  composites: roleCompositesSchema.optional(),
  attributes: stringListMap.optional(),
});

const credentialSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string(),
  userLabel: z.string().optional(),
  createdDate: z.number().optional(),
  value: z.string().optional(),
  secretData: z.string().optional(),
  credentialData: z.string().optional(),
  temporary: z.boolean().optional(),
});

export const userSchema = z.looseObject({
  id: z.string().optional(),
  username: z.string(),
  email: z.string().optional(),
  emailVerified: z.boolean().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  enabled: z.boolean().optional(),
  createdTimestamp: z.number().optional(),
  attributes: stringListMap.optional(),
  credentials: z.array(credentialSchema).optional(),
  requiredActions: z.array(z.string()).optional(),
  realmRoles: z.array(z.string()).optional(),
  clientRoles: stringListMap.optional(),
  groups: z.array(z.string()).optional(),
  serviceAccountClientId: z.string().optional(),
});

export interface GroupRepresentation {
  id?: string | undefined;
  name: string;
  path?: string | undefined;
  attributes?: Record<string, string[]> | undefined;
  realmRoles?: string[] | undefined;
  clientRoles?: Record<string, string[]> | undefined;
  subGroups?: GroupRepresentation[] | undefined;
}

export const groupSchema: z.ZodType<GroupRepresentation> = z.lazy(() =>
  z.looseObject({
    id: z.string().optional(),
    name: z.string(),
    path: z.string().optional(),
    attributes: stringListMap.optional(),
    realmRoles: z.array(z.string()).optional(),
    clientRoles: stringListMap.optional(),
    subGroups: z.array(groupSchema).optional(),
  }),
);

export const clientScopeSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  description: z.string().optional(),
  protocol: z.string().default('openid-connect'),
  attributes: stringMap.optional(),
  protocolMappers: z.array(protocolMapperSchema).optional(),
});

const executionSchema = z.looseObject({
  authenticator: z.string().optional(),
  authenticatorConfig: z.string().optional(),
  authenticatorFlow: z.boolean().optional(),
  flowAlias: z.string().optional(),
  requirement: z.string().optional(),
  priority: z.number().optional(),
});

export const flowSchema = z.looseObject({
  alias: z.string(),
  providerId: z.string().optional(),
  topLevel: z.boolean().optional(),
  authenticationExecutions: z.array(executionSchema).default([]),
});

const clientPoliciesSchema = z.looseObject({
  policies: z
    .array(
      z.looseObject({
        name: z.string(),
        description: z.string().optional(),
        enabled: z.boolean().optional(),
        conditions: z
          .array(
            z.looseObject({
              condition: z.string(),
              configuration: z.record(z.string(), z.unknown()).default({}),
            }),
          )
          .default([]),
        profiles: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});

const clientProfilesSchema = z.looseObject({
  profiles: z
    .array(
      z.looseObject({
        name: z.string(),
        description: z.string().optional(),
        executors: z
          .array(
            z.looseObject({
              executor: z.string(),
              configuration: z.record(z.string(), z.unknown()).default({}),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});

export const realmRepresentationSchema = z.looseObject({
  realm: z.string(),
  enabled: z.boolean().optional(),
  attributes: stringMap.optional(),
  accessTokenLifespan: numeric.optional(),
  accessTokenLifespanForImplicitFlow: numeric.optional(),
  ssoSessionIdleTimeout: numeric.optional(),
  ssoSessionMaxLifespan: numeric.optional(),
  accessCodeLifespan: numeric.optional(),
  accessCodeLifespanUserAction: numeric.optional(),
  accessCodeLifespanLogin: numeric.optional(),
  eventsEnabled: z.boolean().optional(),
  eventsExpiration: numeric.optional(),
  eventsListeners: z.array(z.string()).optional(),
  enabledEventTypes: z.array(z.string()).optional(),
  adminEventsEnabled: z.boolean().optional(),
  adminEventsDetailsEnabled: z.boolean().optional(),
  otpPolicyType: z.enum(['totp', 'hotp']).optional(),
  otpPolicyAlgorithm: z.enum(['HmacSHA1', 'HmacSHA256', 'HmacSHA512']).optional(),
  otpPolicyDigits: numeric.optional(),
  otpPolicyPeriod: numeric.optional(),
  otpPolicyLookAheadWindow: numeric.optional(),
  otpPolicyInitialCounter: numeric.optional(),
  otpPolicyCodeReusable: z.boolean().optional(),
  defaultRole: z.looseObject({ name: z.string() }).optional(),
  defaultDefaultClientScopes: z.array(z.string()).optional(),
  defaultOptionalClientScopes: z.array(z.string()).optional(),
  roles: z
    .looseObject({
      realm: z.array(roleSchema).optional(),
      client: z.record(z.string(), z.array(roleSchema)).optional(),
    })
    .optional(),
  clients: z.array(clientSchema).optional(),
  users: z.array(userSchema).optional(),
  groups: z.array(groupSchema).optional(),
  clientScopes: z.array(clientScopeSchema).optional(),
  browserFlow: z.string().optional(),
  authenticationFlows: z.array(flowSchema).optional(),
  authenticatorConfig: z
    .array(z.looseObject({ alias: z.string(), config: z.record(z.string(), z.string()).default({}) }))
    .optional(),
  requiredActions: z
    .array(
      z.looseObject({
        alias: z.string(),
        enabled: z.boolean().optional(),
        defaultAction: z.boolean().optional(),
      }),
    )
    .optional(),
  smtpServer: z.record(z.string(), z.string()).optional(),
  clientProfiles: clientProfilesSchema.optional(),
  clientPolicies: clientPoliciesSchema.optional(),
});

export type RealmRepresentation = z.infer<typeof realmRepresentationSchema>;
export type ClientRepresentation = z.infer<typeof clientSchema>;
export type UserRepresentation = z.infer<typeof userSchema>;
export type RoleRepresentation = z.infer<typeof roleSchema>;
export type ClientScopeRepresentation = z.infer<typeof clientScopeSchema>;
export type ProtocolMapperRepresentation = z.infer<typeof protocolMapperSchema>;
