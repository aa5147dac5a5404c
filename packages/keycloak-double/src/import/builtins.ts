// What Keycloak creates in every realm by itself: the realm-management and account clients with their roles,
// the default roles, and — only when the realm JSON has no `clientScopes` array — the built-in client scopes.
// Role names follow AdminRoles / AccountRoles; scope contents follow a 26.x realm export.
import type { ClientScopeRepresentation } from './representation.ts';

/** realm-management client roles and the composites Keycloak gives them. */
export const REALM_MANAGEMENT_ROLES: Record<string, string[]> = {
  'view-realm': [],
  'view-users': ['query-users', 'query-groups'],
  'view-clients': ['query-clients'],
  'view-events': [],
  'view-identity-providers': [],
  'view-authorization': [],
  'manage-realm': [],
  'manage-users': [],
  'manage-clients': [],
  'manage-events': [],
  'manage-identity-providers': [],
  'manage-authorization': [],
  'query-users': [],
  'query-clients': [],
  'query-realms': [],
  'query-groups': [],
  'create-client': [],
  impersonation: [],
  'realm-admin': [],
};

export const ACCOUNT_ROLES: Record<string, string[]> = {
  'view-profile': [],
  'manage-account': ['manage-account-links'],
  'manage-account-links': [],
  'view-applications': [],
  'view-consent': [],
  'manage-consent': ['view-consent'],
  'delete-account': [],
  'view-groups': [],
};

const tokenClaims = {
  'access.token.claim': 'true',
  'id.token.claim': 'true',
  'userinfo.token.claim': 'true',
};

function property(name: string, attribute: string, claim: string, type = 'String') {
  return {
    name,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-usermodel-property-mapper',
    config: { 'user.attribute': attribute, 'claim.name': claim, 'jsonType.label': type, ...tokenClaims },
  };
}

export const BUILTIN_CLIENT_SCOPES: ClientScopeRepresentation[] = [
  {
    name: 'profile',
    protocol: 'openid-connect',
    attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'true' },
    protocolMappers: [
      property('username', 'username', 'preferred_username'),
      property('given name', 'firstName', 'given_name'),
      property('family name', 'lastName', 'family_name'),
      {
        name: 'full name',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-full-name-mapper',
        config: tokenClaims,
      },
    ],
  },
  {
    name: 'email',
    protocol: 'openid-connect',
    attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'true' },
    protocolMappers: [
      property('email', 'email', 'email'),
      property('email verified', 'emailVerified', 'email_verified', 'boolean'),
    ],
  },
  {
    name: 'roles',
    protocol: 'openid-connect',
    attributes: { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'true' },
    protocolMappers: [
      {
        name: 'realm roles',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-usermodel-realm-role-mapper',
        config: {
          multivalued: 'true',
          'claim.name': 'realm_access.roles',
          'jsonType.label': 'String',
          'access.token.claim': 'true',
        },
      },
      {
        name: 'client roles',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-usermodel-client-role-mapper',
        config: {
          multivalued: 'true',
          'claim.name': 'resource_access.${client_id}.roles',
          'jsonType.label': 'String',
          'access.token.claim': 'true',
        },
      },
      {
        name: 'audience resolve',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-audience-resolve-mapper',
        config: {},
      },
    ],
  },
  {
    name: 'web-origins',
    protocol: 'openid-connect',
    attributes: { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'false' },
    protocolMappers: [
      {
        name: 'allowed web origins',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-allowed-origins-mapper',
        config: {},
      },
    ],
  },
  {
    name: 'acr',
    protocol: 'openid-connect',
    attributes: { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'false' },
    protocolMappers: [
      {
        name: 'acr loa level',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-acr-mapper',
        config: { 'id.token.claim': 'true', 'access.token.claim': 'true' },
      },
    ],
  },
  {
    name: 'basic',
    protocol: 'openid-connect',
    attributes: { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'false' },
    protocolMappers: [
      {
        name: 'sub',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-sub-mapper',
        config: { 'access.token.claim': 'true' },
      },
      {
        name: 'auth_time',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-usersessionmodel-note-mapper',
        config: {
          'user.session.note': 'AUTH_TIME',
          'claim.name': 'auth_time',
          'jsonType.label': 'long',
          'id.token.claim': 'true',
          'access.token.claim': 'true',
        },
      },
    ],
  },
  {
    name: 'offline_access',
    protocol: 'openid-connect',
    attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'true' },
    protocolMappers: [],
  },
];

export const BUILTIN_DEFAULT_SCOPES = ['profile', 'email', 'roles', 'web-origins', 'acr', 'basic'];
export const BUILTIN_OPTIONAL_SCOPES = ['offline_access'];
