// Admin writes on users and the realm that credman never makes (UserResource, UsersResource,
// RealmAdminResource). The double answers them as far as credman's security claims need: the permission check
// (403, as Keycloak) for every caller, and a reset-password that applies the realm's password policy. Past the
// permission check the other writes are not modelled (501), so no test can rely on them by mistake.
import { z } from 'zod';
import type { Hono } from 'hono';
import type { DoubleEnv } from '../app.ts';
import type { KeycloakDouble } from '../double.ts';
import { passwordPolicyError } from '../model/password-policy.ts';
import { recordAdminEvent } from './admin-events.ts';
import type { AdminRequest } from './context.ts';
import { adminEndpoint, findUser, noContent, paths, readJson } from './context.ts';
import { AdminHttpError, badRequest } from './errors.ts';
import { AdminPermissions } from './permissions.ts';

const credentialSchema = z.looseObject({
  type: z.string().optional(),
  value: z.string(),
  temporary: z.boolean().optional(),
});

const notModelled = (): Response =>
  Response.json({ error: 'not modelled by the Keycloak double' }, { status: 501 });

/** UserResource.resetPassword: manage or reset-password on the user, then the password policy (400). */
async function resetPassword(request: AdminRequest): Promise<Response> {
  const { realm, perms } = request;
  const user = findUser(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(perms.canResetPassword(user));
  const parsed = credentialSchema.safeParse(await readJson(request));
  if (!parsed.success) throw badRequest('Unable to process the request body');
  const error = passwordPolicyError(realm.passwordPolicy, user, parsed.data.value);
  if (error) throw new AdminHttpError(400, { error: error.key, error_description: error.description });
  if (user.password !== undefined)
    user.previousPasswords = [user.password, ...(user.previousPasswords ?? [])];
  user.password = parsed.data.value;
  if (parsed.data.temporary !== false && !user.requiredActions.includes('UPDATE_PASSWORD'))
    user.requiredActions.push('UPDATE_PASSWORD');
  recordAdminEvent(request, {
    operationType: 'ACTION',
    resourceType: 'USER',
    resourcePath: `users/${user.id}/reset-password`,
  });
  return noContent();
}

function manageUser(request: AdminRequest): Response {
  const user = findUser(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canManageUser(user));
  return notModelled();
}

export function registerUserWriteRoutes(app: Hono<DoubleEnv>, double: KeycloakDouble): void {
  const users = '/admin/realms/:realm/users';
  app.on('PUT', paths(`${users}/:id/reset-password`), adminEndpoint(double, resetPassword));
  app.on('PUT', paths(`${users}/:id`), adminEndpoint(double, manageUser));
  app.on('DELETE', paths(`${users}/:id/credentials/:credential`), adminEndpoint(double, manageUser));
  app.on(
    'POST',
    paths(users),
    adminEndpoint(double, (request) => {
      AdminPermissions.require(request.perms.canCreateUsers());
      return notModelled();
    }),
  );
  app.on(
    'PUT',
    paths('/admin/realms/:realm'),
    adminEndpoint(double, (request) => {
      AdminPermissions.require(request.perms.canManageRealm());
      return notModelled();
    }),
  );
}
