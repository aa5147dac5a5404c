// Client roles, who holds them, and group members (RoleContainerResource, GroupResource).
// Role users are the DIRECT holders only; group-derived holders are found through the role's groups.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Hono } from 'hono';
import type { DoubleEnv } from '../app.ts';
import type { KeycloakDouble } from '../double.ts';
import type { ClientModel, RoleModel, UserModel } from '../model/types.ts';
import { recordAdminEvent } from './admin-events.ts';
import { removeRole } from './client-operations.ts';
import type { AdminRequest } from './context.ts';
import { adminEndpoint, paths, findClient, findGroup, query, readJson } from './context.ts';
import { badRequest, conflict, notFound } from './errors.ts';
import { AdminPermissions } from './permissions.ts';
import { applyPage, parseBoolean, parsePage } from './query.ts';
import { groupRepresentation, roleRepresentation, userRepresentation } from './representations.ts';

/** Constants.DEFAULT_MAX_RESULTS. */
const DEFAULT_MAX = 100;

const roleSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  attributes: z.record(z.string(), z.array(z.string())).optional(),
});

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byUsername = (a: UserModel, b: UserModel) =>
  a.username < b.username ? -1 : a.username > b.username ? 1 : 0;

function findRole(request: AdminRequest, client: ClientModel): RoleModel {
  const role = request.realm.clientRole(client.id, request.c.req.param('role') ?? '');
  if (!role) throw notFound('Could not find role');
  return role;
}

function listRoles(request: AdminRequest): Response {
  const client = findClient(request, request.c.req.param('id') ?? '');
  // RolePermissions.canList: any realm-management role.
  AdminPermissions.require(request.perms.hasAnyAdminRole());
  const search = query(request, 'search')?.toLowerCase();
  const brief = parseBoolean(query(request, 'briefRepresentation'), true);
  const roles = request.realm
    .clientRoles(client.id)
    // RoleEntity's searchForClientRoles: the name OR the description contains it.
    .filter(
      (role) =>
        search === undefined ||
        role.name.toLowerCase().includes(search) ||
        (role.description ?? '').toLowerCase().includes(search),
    )
    .sort(byName);
  const page = applyPage(roles, parsePage(query(request, 'first'), query(request, 'max'), undefined));
  return Response.json(page.map((role) => roleRepresentation(role, brief)));
}

async function createRole(request: AdminRequest): Promise<Response> {
  const { realm, c } = request;
  const client = findClient(request, c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canManageClient(client));
  const parsed = roleSchema.safeParse(await readJson(request));
  if (!parsed.success || parsed.data.name.trim() === '')
    throw badRequest('Unable to process the request body');
  const rep = parsed.data;
  if (realm.clientRole(client.id, rep.name)) throw conflict(`Role with name ${rep.name} already exists`);
  const role: RoleModel = {
    id: randomUUID(),
    name: rep.name,
    containerId: client.id,
    clientRole: true,
    composites: new Set(),
    attributes: structuredClone(rep.attributes ?? {}),
    description: rep.description,
  };
  realm.roles.set(role.id, role);
  const path = `clients/${client.id}/roles/${encodeURIComponent(role.name)}`;
  recordAdminEvent(request, {
    operationType: 'CREATE',
    resourceType: 'CLIENT_ROLE',
    resourcePath: path,
    representation: rep,
  });
  const location = `${new URL(c.req.url).origin}/admin/realms/${encodeURIComponent(realm.name)}/${path}`;
  return new Response(null, { status: 201, headers: { location } });
}

/** RoleContainerResource.deleteRole: 204; the role leaves every mapping and composite that held it. */
function deleteRole(request: AdminRequest): Response {
  const { realm } = request;
  const client = findClient(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canManageClient(client));
  const role = findRole(request, client);
  removeRole(realm, role);
  recordAdminEvent(request, {
    operationType: 'DELETE',
    resourceType: 'CLIENT_ROLE',
    resourcePath: `clients/${client.id}/roles/${encodeURIComponent(role.name)}`,
  });
  return new Response(null, { status: 204 });
}

function getRole(request: AdminRequest): Response {
  const client = findClient(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canViewClient(client));
  return Response.json(roleRepresentation(findRole(request, client), false));
}

function usersInRole(request: AdminRequest): Response {
  const { realm, perms } = request;
  const client = findClient(request, request.c.req.param('id') ?? '');
  // View on the role's container (the client) and query on users.
  AdminPermissions.require(perms.canViewClient(client));
  const role = findRole(request, client);
  AdminPermissions.require(perms.canQueryUsers());
  const brief = parseBoolean(query(request, 'briefRepresentation'), false);
  const holders = [...realm.users.values()].filter((user) => user.roleMappings.has(role.id)).sort(byUsername);
  const page = applyPage(holders, parsePage(query(request, 'first'), query(request, 'max'), DEFAULT_MAX));
  return Response.json(page.map((user) => userRepresentation(realm, user, brief)));
}

function groupsInRole(request: AdminRequest): Response {
  const { realm, perms } = request;
  const client = findClient(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(perms.canViewClient(client));
  const role = findRole(request, client);
  const full = !parseBoolean(query(request, 'briefRepresentation'), true);
  const groups = [...realm.groups.values()].filter((group) => group.roleMappings.has(role.id)).sort(byName);
  const page = applyPage(groups, parsePage(query(request, 'first'), query(request, 'max'), DEFAULT_MAX));
  return Response.json(page.map((group) => groupRepresentation(realm, group, full)));
}

function groupMembers(request: AdminRequest): Response {
  const { realm, perms } = request;
  const group = findGroup(request, request.c.req.param('id') ?? '');
  // GroupPermissions.canViewMembers: realm-wide view-users.
  AdminPermissions.require(perms.canViewUsers());
  const brief = parseBoolean(query(request, 'briefRepresentation'), false);
  const members = [...realm.users.values()].filter((user) => user.groupIds.has(group.id)).sort(byUsername);
  const page = applyPage(members, parsePage(query(request, 'first'), query(request, 'max'), DEFAULT_MAX));
  return Response.json(page.map((user) => userRepresentation(realm, user, brief)));
}

export function registerRoleRoutes(app: Hono<DoubleEnv>, double: KeycloakDouble): void {
  const base = '/admin/realms/:realm/clients/:id/roles';
  app.on('GET', paths(base), adminEndpoint(double, listRoles));
  app.on('POST', paths(base), adminEndpoint(double, createRole));
  app.on('GET', paths(`${base}/:role`), adminEndpoint(double, getRole));
  app.on('DELETE', paths(`${base}/:role`), adminEndpoint(double, deleteRole));
  app.on('GET', paths(`${base}/:role/users`), adminEndpoint(double, usersInRole));
  app.on('GET', paths(`${base}/:role/groups`), adminEndpoint(double, groupsInRole));
  app.on('GET', paths('/admin/realms/:realm/groups/:id/members'), adminEndpoint(double, groupMembers));
}
