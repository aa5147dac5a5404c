// One admin request as the endpoint handlers see it: the authenticated caller, their permissions, and helpers
// for the lookups every endpoint repeats (with Keycloak's 403-before-404 rule for unknown ids).
import type { Context, Handler } from 'hono';
import type { DoubleEnv } from '../app.ts';
import type { KeycloakDouble } from '../double.ts';
import type { RealmState } from '../model/realm.ts';
import type { ClientModel, GroupModel, UserModel } from '../model/types.ts';
import { authenticateAdmin } from './admin-auth.ts';
import type { AdminCaller } from './admin-auth.ts';
import { AdminHttpError, badRequest, forbidden, notFound, payloadTooLarge } from './errors.ts';
import { AdminPermissions } from './permissions.ts';

export interface AdminRequest {
  double: KeycloakDouble;
  realm: RealmState;
  caller: AdminCaller;
  perms: AdminPermissions;
  c: Context<DoubleEnv>;
}

export type AdminHandler = (request: AdminRequest) => Response | Promise<Response>;

/** Wraps an endpoint: authenticates the bearer token and turns AdminHttpError into Keycloak's error response. */
export function adminEndpoint(double: KeycloakDouble, handler: AdminHandler): Handler<DoubleEnv> {
  return async (c) => {
    try {
      const caller = await authenticateAdmin(
        double,
        c.req.header('authorization'),
        c.get('issuer'),
        c.get('ipAddress'),
      );
      const perms = new AdminPermissions(double.realm, caller.user);
      return await handler({ double, realm: double.realm, caller, perms, c });
    } catch (error) {
      if (error instanceof AdminHttpError) return error.toResponse();
      throw error;
    }
  };
}

/** ClientsResource.getClient: unknown id → 404 for callers who may list clients, else 403 (no id phishing). */
export function findClient(request: AdminRequest, id: string): ClientModel {
  const client = request.realm.clients.get(id);
  if (client) return client;
  throw request.perms.canListClients() ? notFound('Could not find client') : forbidden();
}

export function findUser(request: AdminRequest, id: string): UserModel {
  const user = request.realm.users.get(id);
  if (user) return user;
  throw request.perms.canQueryUsers() ? notFound('User not found') : forbidden();
}

export function findGroup(request: AdminRequest, id: string): GroupModel {
  const group = request.realm.groups.get(id);
  if (group) return group;
  throw request.perms.canViewUsers() ? notFound('Could not find group by id') : forbidden();
}

/** Quarkus's `quarkus.http.limits.max-body-size` default, which Keycloak keeps: 10240K. */
export const MAX_BODY_BYTES = 10_240 * 1024;

/** The request body as JSON; a body that does not parse is a 400, one over MAX_BODY_BYTES a 413. */
export async function readJson(request: AdminRequest): Promise<unknown> {
  const body = await request.c.req.arrayBuffer();
  if (body.byteLength > MAX_BODY_BYTES) throw payloadTooLarge();
  try {
    return JSON.parse(new TextDecoder().decode(body)) as unknown;
  } catch {
    throw badRequest('Unable to process the request body');
  }
}

/** Every value of a repeatable query parameter (`type=A&type=B`). */
export function queryList(request: AdminRequest, name: string): string[] {
  return (request.c.req.queries(name) ?? []).filter((value) => value !== '');
}

export function query(request: AdminRequest, name: string): string | undefined {
  return request.c.req.query(name);
}

export const noContent = (): Response => new Response(null, { status: 204 });

/** A route and its trailing-slash form: JAX-RS matches both, and the admin client POSTs to `/clients/`. */
export const paths = (path: string): string[] => [path, `${path}/`];
