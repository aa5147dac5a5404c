// Users and their client-role mappings (UsersResource, RoleMapperResource, ClientRoleMappingsResource).
import { z } from 'zod';
import type { Hono } from 'hono';
import type { DoubleEnv } from '../app.ts';
import type { KeycloakDouble } from '../double.ts';
import type { ClientModel, RoleModel, UserModel } from '../model/types.ts';
import { recordAdminEvent } from './admin-events.ts';
import type { AdminRequest } from './context.ts';
import { adminEndpoint, paths, findUser, noContent, query, readJson } from './context.ts';
import { badRequest, notFound } from './errors.ts';
import { AdminPermissions } from './permissions.ts';
import { applyPage, fieldMatcher, parseBoolean, parsePage, userSearchMatcher } from './query.ts';
import { roleRepresentation, userRepresentation } from './representations.ts';
import { isUserSessionValid, loginStore } from '../login/sessions.ts';
import { epochSeconds } from '../clock.ts';

const DEFAULT_MAX = 100;
const FIELDS = ['username', 'email', 'firstName', 'lastName'] as const;

const roleListSchema = z.array(z.looseObject({ id: z.string().optional(), name: z.string() }));

function matchingUsers(request: AdminRequest): UserModel[] {
  const users = [...request.realm.users.values()];
  const search = query(request, 'search');
  const enabled = query(request, 'enabled');
  const byEnabled = (user: UserModel) => enabled === undefined || String(user.enabled) === enabled;
  if (search !== undefined) {
    // `search` looks at username, email, first and last name, and never returns service accounts.
    const matches = userSearchMatcher(search);
    return users.filter(
      (user) =>
        !user.serviceAccountClientId && byEnabled(user) && FIELDS.some((field) => matches(user[field])),
    );
  }
  const exact = parseBoolean(query(request, 'exact'), false);
  const filters = FIELDS.flatMap((field) => {
    const wanted = query(request, field);
    if (wanted === undefined) return [];
    const matches = fieldMatcher(wanted, exact);
    return [(user: UserModel) => matches(user[field])];
  });
  if (filters.length === 0 && enabled === undefined)
    return users.filter((user) => !user.serviceAccountClientId);
  return users.filter((user) => byEnabled(user) && filters.every((filter) => filter(user)));
}

function listUsers(request: AdminRequest): Response {
  const { perms, realm } = request;
  AdminPermissions.require(perms.canQueryUsers());
  // Without realm-wide view-users only fine-grained grants would make users visible; they are not modelled.
  if (!perms.canViewUsers()) return Response.json([]);
  const brief = parseBoolean(query(request, 'briefRepresentation'), false);
  const users = matchingUsers(request).sort((a, b) =>
    a.username < b.username ? -1 : a.username > b.username ? 1 : 0,
  );
  const page = applyPage(users, parsePage(query(request, 'first'), query(request, 'max'), DEFAULT_MAX));
  return Response.json(page.map((user) => userRepresentation(realm, user, brief)));
}

/**
 * UserResource.getSessions: the user's live SSO sessions (requireView, so view-users), each with its id — the
 * `sid` of the tokens issued in it. A session ended by logout or past its SSO lifetimes is not listed.
 */
function getUserSessions(request: AdminRequest): Response {
  const user = findUser(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canViewUsers());
  const { double, realm } = request;
  const now = epochSeconds(realm.clock);
  const sessions = [...loginStore(double).userSessions.values()].filter(
    (session) => session.userId === user.id && isUserSessionValid(session, realm.lifetimes, now),
  );
  return Response.json(
    sessions.map((session) => ({
      id: session.id,
      username: user.username,
      userId: user.id,
      ipAddress: '127.0.0.1',
      start: session.started * 1000,
      lastAccess: session.lastRefresh * 1000,
      rememberMe: false,
      clients: Object.fromEntries(
        [...session.clientSessions.keys()].map((uuid) => [uuid, realm.clients.get(uuid)?.clientId ?? uuid]),
      ),
      transientUser: false,
    })),
  );
}

function getUser(request: AdminRequest): Response {
  const user = findUser(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canViewUsers());
  return Response.json(userRepresentation(request.realm, user, false));
}

function targetClient(request: AdminRequest): ClientModel {
  const client = request.realm.clients.get(request.c.req.param('client') ?? '');
  if (!client) throw notFound('Client not found');
  return client;
}

function clientRolesOf(request: AdminRequest, roleIds: Iterable<string>, client: ClientModel): RoleModel[] {
  return [...roleIds].flatMap((id) => {
    const role = request.realm.roles.get(id);
    return role?.clientRole && role.containerId === client.id ? [role] : [];
  });
}

function getRoleMappings(request: AdminRequest): Response {
  const { realm } = request;
  const user = findUser(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canViewUsers());
  const realmMappings: Record<string, unknown>[] = [];
  const clientMappings: Record<string, { id: string; client: string; mappings: Record<string, unknown>[] }> =
    {};
  for (const id of user.roleMappings) {
    const role = realm.roles.get(id);
    if (!role) continue;
    if (!role.clientRole) {
      realmMappings.push(roleRepresentation(role, true));
      continue;
    }
    const owner = realm.clients.get(role.containerId);
    if (!owner) continue;
    (clientMappings[owner.clientId] ??= { id: owner.id, client: owner.clientId, mappings: [] }).mappings.push(
      roleRepresentation(role, true),
    );
  }
  return Response.json({
    ...(realmMappings.length > 0 ? { realmMappings } : {}),
    ...(Object.keys(clientMappings).length > 0 ? { clientMappings } : {}),
  });
}

function getClientRoleMappings(request: AdminRequest, effective: boolean): Response {
  const { realm } = request;
  const user = findUser(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canViewUsers());
  const client = targetClient(request);
  const ids = effective ? realm.effectiveRoleIds(user) : user.roleMappings;
  return Response.json(clientRolesOf(request, ids, client).map((role) => roleRepresentation(role, true)));
}

/**
 * RoleMapperResource `realm` and `realm/composite`: the user's realm roles, mapped directly or, for composite,
 * every realm role the user has (through groups and their parents, and composites: UserModel.hasRole).
 */
function getRealmRoleMappings(request: AdminRequest, effective: boolean): Response {
  const { realm } = request;
  const user = findUser(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canViewUsers());
  const ids = effective ? realm.effectiveRoleIds(user) : user.roleMappings;
  const roles = [...ids].flatMap((id) => {
    const role = realm.roles.get(id);
    return role && !role.clientRole ? [roleRepresentation(role, true)] : [];
  });
  return Response.json(roles);
}

/**
 * ClientRoleMappingsResource / RoleMapperResource add and delete: map-roles on the user (manage-users, or a
 * fine-grained permission), then per role 404 when unknown, 403 unless the caller may map it.
 */
async function changeRoleMappings(
  request: AdminRequest,
  operation: 'CREATE' | 'DELETE',
  realmRoles: boolean,
): Promise<Response> {
  const { realm, perms } = request;
  const user = findUser(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(perms.canMapRolesOfUser(user));
  const client = realmRoles ? undefined : targetClient(request);
  const parsed = roleListSchema.safeParse(await readJson(request));
  if (!parsed.success) throw badRequest('Unable to process the request body');
  const roles = parsed.data.map((rep) => {
    const role = client ? realm.clientRole(client.id, rep.name) : realm.realmRole(rep.name);
    if (!role || (rep.id !== undefined && rep.id !== role.id)) throw notFound('Role not found');
    AdminPermissions.require(perms.canMapRole(role));
    return role;
  });
  for (const role of roles) {
    if (operation === 'CREATE') user.roleMappings.add(role.id);
    else user.roleMappings.delete(role.id);
  }
  recordAdminEvent(request, {
    operationType: operation,
    resourceType: client ? 'CLIENT_ROLE_MAPPING' : 'REALM_ROLE_MAPPING',
    resourcePath: `users/${user.id}/role-mappings/${client ? `clients/${client.id}` : 'realm'}`,
    representation: parsed.data,
  });
  return noContent();
}

export function registerUserRoutes(app: Hono<DoubleEnv>, double: KeycloakDouble): void {
  const base = '/admin/realms/:realm/users';
  app.on('GET', paths(base), adminEndpoint(double, listUsers));
  app.on('GET', paths(`${base}/:id`), adminEndpoint(double, getUser));
  app.on('GET', paths(`${base}/:id/sessions`), adminEndpoint(double, getUserSessions));
  app.on('GET', paths(`${base}/:id/role-mappings`), adminEndpoint(double, getRoleMappings));
  app.on(
    'GET',
    paths(`${base}/:id/role-mappings/clients/:client`),
    adminEndpoint(double, (r) => getClientRoleMappings(r, false)),
  );
  app.on(
    'GET',
    paths(`${base}/:id/role-mappings/clients/:client/composite`),
    adminEndpoint(double, (r) => getClientRoleMappings(r, true)),
  );
  app.on(
    'POST',
    paths(`${base}/:id/role-mappings/clients/:client`),
    adminEndpoint(double, (r) => changeRoleMappings(r, 'CREATE', false)),
  );
  app.on(
    'DELETE',
    paths(`${base}/:id/role-mappings/clients/:client`),
    adminEndpoint(double, (r) => changeRoleMappings(r, 'DELETE', false)),
  );
  app.on(
    'GET',
    paths(`${base}/:id/role-mappings/realm`),
    adminEndpoint(double, (r) => getRealmRoleMappings(r, false)),
  );
  app.on(
    'GET',
    paths(`${base}/:id/role-mappings/realm/composite`),
    adminEndpoint(double, (r) => getRealmRoleMappings(r, true)),
  );
  for (const method of ['POST', 'DELETE'] as const)
    app.on(
      method,
      paths(`${base}/:id/role-mappings/realm`),
      adminEndpoint(double, (r) => changeRoleMappings(r, method === 'POST' ? 'CREATE' : 'DELETE', true)),
    );
}
