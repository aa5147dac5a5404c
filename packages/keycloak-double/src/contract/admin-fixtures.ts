// Helpers shared by the admin and rotation contract tests. They use only real clients over HTTP (admin client,
// openid-client, fetch), so every helper works the same against the double and a real Keycloak.
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type { ContractTarget } from './target.ts';

export const MARKER_ROLE = 'credential-manager';

/** A secret like the ones credman generates: 48 random alphanumeric characters. */
export function newSecret(): string {
  return randomBytes(48)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .padEnd(48, 'x')
    .slice(0, 48);
}

/** A client id no earlier run has used, so tests against a shared Keycloak do not collide. */
export function uniqueClientId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Creates an application the way credman does (confidential, service account, marker role → policy applies). */
export async function createApplication(
  kc: KeycloakAdminClient,
  options: { clientId: string; secret: string; markerRole: boolean },
): Promise<string> {
  const { id } = await kc.clients.create({
    clientId: options.clientId,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: false,
    bearerOnly: false,
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    clientAuthenticatorType: 'client-secret',
    secret: options.secret,
  });
  if (options.markerRole) await kc.clients.createRole({ id, name: MARKER_ROLE });
  return id;
}

/** A client_credentials token request; resolves to whether the target accepted the secret. */
export class TokenProbe {
  readonly #server: oidc.ServerMetadata;

  private constructor(server: oidc.ServerMetadata) {
    this.#server = server;
  }

  static async discover(target: ContractTarget): Promise<TokenProbe> {
    const config = await oidc.discovery(
      new URL(target.issuer),
      target.sidecar.clientId,
      undefined,
      undefined,
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    return new TokenProbe(config.serverMetadata());
  }

  async token(clientId: string, secret: string): Promise<string> {
    const config = new oidc.Configuration(this.#server, clientId, undefined, oidc.ClientSecretBasic(secret));
    oidc.allowInsecureRequests(config);
    return (await oidc.clientCredentialsGrant(config)).access_token;
  }

  async accepts(clientId: string, secret: string): Promise<boolean> {
    try {
      await this.token(clientId, secret);
      return true;
    } catch (error) {
      if (error instanceof oidc.ResponseBodyError && (error.status === 400 || error.status === 401))
        return false;
      throw error;
    }
  }
}

/** A raw admin API call (for endpoints the admin client has no method for, or to see statuses and bodies). */
export async function adminFetch(
  target: ContractTarget,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Response> {
  // RequestInit takes no undefined; a body-less call sends no content type.
  return fetch(`${target.baseUrl}/admin/realms/${encodeURIComponent(target.realm)}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

/** The target's current time in whole epoch seconds (Keycloak's Time.currentTime()). */
export function nowSeconds(target: ContractTarget): number {
  return Math.floor(target.now() / 1000);
}

/**
 * Grants a realm-management role (e.g. view-clients) to a user, which the sidecar's roles cannot: through the
 * master admin against Keycloak, through the model against the double.
 */
export async function grantRealmManagementRole(
  target: ContractTarget,
  userId: string,
  roleName: string,
): Promise<void> {
  if (target.masterAdmin) {
    const admin = await target.masterAdmin();
    const [management] = await admin.clients.find({ clientId: 'realm-management' });
    const role = management?.id ? await admin.clients.findRole({ id: management.id, roleName }) : null;
    if (!management?.id || !role?.id || !role.name) throw new Error(`no realm-management role ${roleName}`);
    await admin.users.addClientRoleMappings({
      id: userId,
      clientUniqueId: management.id,
      roles: [{ id: role.id, name: role.name }],
    });
    return;
  }
  const realm = target.double?.realm;
  const management = realm?.clientByClientId('realm-management');
  const role = management ? realm?.clientRole(management.id, roleName) : undefined;
  const user = realm?.users.get(userId);
  if (!role || !user) throw new Error(`double realm lacks realm-management/${roleName} or user ${userId}`);
  user.roleMappings.add(role.id);
}
