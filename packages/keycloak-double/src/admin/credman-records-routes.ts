// credman's Keycloak extension's batch endpoints (feature `records-batch`, keycloak-extension/README.md;
// RecordsClaims.java, RecordsWrites.java): `POST credman/claims` claims the next revision of a page of clients and
// answers each one's secret-free client and manager holders; `PUT credman/records` writes claimed revisions, a
// compare-and-set on the claim role. List rights first (403), then the body (400, nothing changed), then every item
// is decided before anything changes; an item the caller may not change, or whose holders it may not read, is
// `gone`. The effects are the admin API's: a client role created or deleted, attributes set or removed, one UPDATE
// admin event per written client.
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import type { DoubleEnv } from '../app.ts';
import type { KeycloakDouble } from '../double.ts';
import {
  InvalidBatch,
  claimRoleName,
  claimWriter,
  parseClaims,
  parseWrites,
  SECRETS_ATTRIBUTE,
  storedRevision,
} from '../model/credman-records-batch.ts';
import type { BatchClaim, BatchWrite } from '../model/credman-records-batch.ts';
import type { ClientModel, RoleModel, UserModel } from '../model/types.ts';
import { recordAdminEvent } from './admin-events.ts';
import { removeRole } from './client-operations.ts';
import type { AdminRequest } from './context.ts';
import { adminEndpoint, paths } from './context.ts';
import { AdminHttpError, notFound, payloadTooLarge } from './errors.ts';
import { MAX_BODY_BYTES } from './context.ts';
import { AdminPermissions } from './permissions.ts';
import { secretFreeClient } from './credman-routes.ts';

type Json = Record<string, unknown>;

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byUsername = (a: UserModel, b: UserModel) =>
  a.username < b.username ? -1 : a.username > b.username ? 1 : 0;

/** List rights, then the body as text (a body that is not JSON is the extension's 400, not Keycloak's). */
async function admitted(request: AdminRequest): Promise<string> {
  if (!request.double.extension) throw notFound('HTTP 404 Not Found');
  AdminPermissions.require(request.perms.canListClients());
  const body = await request.c.req.arrayBuffer();
  if (body.byteLength > MAX_BODY_BYTES) throw payloadTooLarge();
  return new TextDecoder().decode(body);
}

function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidBatch)
      throw new AdminHttpError(400, { error: 'invalid_request', error_description: error.message });
    throw error;
  }
}

/** A user as the brief UserRepresentation gives it, the fields credman reads (RecordsClaims.user). */
function user(holder: UserModel): Json {
  return {
    id: holder.id,
    username: holder.username,
    ...(holder.email !== undefined ? { email: holder.email } : {}),
    emailVerified: holder.emailVerified,
    ...(holder.firstName !== undefined ? { firstName: holder.firstName } : {}),
    ...(holder.lastName !== undefined ? { lastName: holder.lastName } : {}),
    enabled: holder.enabled,
  };
}

/**
 * The manager role's direct holders and groups with their direct members, as the role-users, role-groups and
 * group-members reads show them to this caller; undefined when one of those reads would be refused.
 */
function managers(request: AdminRequest, client: ClientModel, managerRole: string): Json | undefined {
  const { realm, perms } = request;
  if (!perms.canViewClient(client) || !perms.canQueryUsers() || !perms.canListGroups()) return undefined;
  const role = realm.clientRole(client.id, managerRole);
  if (!role) return { direct: [], groups: [] };
  const users = [...realm.users.values()];
  const direct = users
    .filter((holder) => holder.roleMappings.has(role.id) && perms.canViewUsers())
    .sort(byUsername);
  const groups = [...realm.groups.values()].filter((group) => group.roleMappings.has(role.id)).sort(byName);
  if (groups.length > 0 && !perms.canViewUsers()) return undefined;
  return {
    direct: direct.map(user),
    groups: groups.map((group) => ({
      id: group.id,
      path: group.path,
      members: users
        .filter((member) => member.groupIds.has(group.id))
        .sort(byUsername)
        .map(user),
    })),
  };
}

function decideClaim(
  request: AdminRequest,
  claim: BatchClaim,
  managerRole: string,
): { outcome: Json; change?: () => void } {
  const { realm } = request;
  const client = realm.clients.get(claim.id);
  const holders = client ? managers(request, client, managerRole) : undefined;
  if (!client || !request.perms.canManageClient(client) || holders === undefined)
    return { outcome: { id: claim.id, outcome: 'gone' } };
  if (storedRevision(client.attributes.get(SECRETS_ATTRIBUTE)) !== claim.readRevision)
    return { outcome: { id: claim.id, outcome: 'stale-read' } };
  const taken = realm.clientRole(client.id, claimRoleName(claim.revision));
  if (taken)
    return {
      outcome: {
        id: claim.id,
        outcome: 'taken',
        ...(taken.description !== undefined ? { description: taken.description } : {}),
      },
    };
  return {
    outcome: { id: claim.id, outcome: 'claimed', client: secretFreeClient(client), managers: holders },
    change: () => {
      const role: RoleModel = {
        id: randomUUID(),
        name: claimRoleName(claim.revision),
        containerId: client.id,
        clientRole: true,
        composites: new Set(),
        attributes: {},
        description: claim.description,
      };
      realm.roles.set(role.id, role);
    },
  };
}

async function claims(request: AdminRequest): Promise<Response> {
  const body = await admitted(request);
  const { managerRole, claims: items } = parsed(() => parseClaims(body));
  const decided = items.map((claim) => decideClaim(request, claim, managerRole));
  for (const { change } of decided) change?.();
  return Response.json({ outcomes: decided.map(({ outcome }) => outcome) });
}

function decideWrite(request: AdminRequest, write: BatchWrite): { outcome: Json; change?: () => void } {
  const { realm } = request;
  const client = realm.clients.get(write.id);
  if (!client || !request.perms.canManageClient(client))
    return { outcome: { id: write.id, outcome: 'gone' } };
  const stored = storedRevision(client.attributes.get(SECRETS_ATTRIBUTE));
  const claim = realm.clientRole(client.id, claimRoleName(write.revision));
  if (stored === undefined || stored >= write.revision || claimWriter(claim?.description) !== write.writer)
    return { outcome: { id: write.id, outcome: 'not-claimed' } };
  return {
    outcome: { id: write.id, outcome: 'written' },
    change: () => {
      for (const [name, value] of Object.entries(write.attributes))
        if (value === '') client.attributes.delete(name);
        else client.attributes.set(name, value);
      for (const lower of write.obsolete) {
        const role = realm.clientRole(client.id, claimRoleName(lower));
        if (role) removeRole(realm, role);
      }
      recordAdminEvent(request, {
        operationType: 'UPDATE',
        resourceType: 'CLIENT',
        resourcePath: `clients/${client.id}`,
      });
    },
  };
}

async function records(request: AdminRequest): Promise<Response> {
  const body = await admitted(request);
  const items = parsed(() => parseWrites(body));
  const decided = items.map((write) => decideWrite(request, write));
  for (const { change } of decided) change?.();
  return Response.json({ outcomes: decided.map(({ outcome }) => outcome) });
}

export function registerCredmanRecordsRoutes(app: Hono<DoubleEnv>, double: KeycloakDouble): void {
  app.on('POST', paths('/admin/realms/:realm/credman/claims'), adminEndpoint(double, claims));
  app.on('PUT', paths('/admin/realms/:realm/credman/records'), adminEndpoint(double, records));
}
