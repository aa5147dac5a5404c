// credman's Keycloak extension's admin resource, /admin/realms/{realm}/credman (AdminRealmResourceProvider): the
// bearer token is checked first, as for every admin path; without the extension the path does not exist (404).
import type { Hono } from 'hono';
import type { DoubleEnv } from '../app.ts';
import type { KeycloakDouble } from '../double.ts';
import {
  EXTENSION_FEATURES,
  EXTENSION_VERSION,
  isDueBy,
  secretFreeAttributes,
} from '../model/credman-extension.ts';
import type { ClientModel } from '../model/types.ts';
import { filterClients } from './client-search.ts';
import type { AdminRequest } from './context.ts';
import { adminEndpoint, paths, query } from './context.ts';
import { AdminHttpError, notFound } from './errors.ts';
import { AdminPermissions } from './permissions.ts';

function requireExtension(request: AdminRequest): void {
  if (!request.double.extension) throw notFound('HTTP 404 Not Found');
}

/** `credman/info`: view-realm, or the right to list clients (`auth.clients().requireList()`). */
function info(request: AdminRequest): Response {
  requireExtension(request);
  AdminPermissions.require(request.perms.canViewRealm() || request.perms.canListClients());
  return Response.json({
    extension: 'credman',
    version: EXTENSION_VERSION,
    features: [...EXTENSION_FEATURES],
  });
}

/** ErrorResponseException(Errors.INVALID_REQUEST, message, 400), as the extension answers a bad parameter. */
function invalid(message: string): AdminHttpError {
  return new AdminHttpError(400, { error: 'invalid_request', error_description: message });
}

/**
 * A non-negative decimal integer below `limit`, or undefined when absent or empty (Keycloak hands `?dueBy=` to the
 * extension as null, contract-tested); anything else is a 400.
 */
function natural(request: AdminRequest, name: string, limit: number): number | undefined {
  const raw = query(request, name);
  if (raw === undefined || raw === '') return undefined;
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value < limit)) throw invalid(`'${name}' must be a non-negative integer below ${String(limit)}`);
  return value;
}

const INT_LIMIT = 2 ** 31;
/** Keycloak's limit on a clientId (CLIENT.CLIENT_ID is a VARCHAR(255)); the extension refuses a longer `after`. */
const CLIENT_ID_LENGTH = 255;

/** `after`: absent or empty, or a clientId of at most 255 characters together with `dueBy` (else 400). */
function afterParameter(request: AdminRequest, withDueBy: boolean): string | undefined {
  const raw = query(request, 'after');
  if (raw === undefined || raw === '') return undefined;
  if (!withDueBy || raw.length > CLIENT_ID_LENGTH)
    throw invalid("'after' needs 'dueBy' and is a clientId of at most 255 characters");
  return raw;
}

/**
 * One client without a secret value: only credman's attributes and the slots' times (SecretFreeClient.java); an
 * unset name or description is left out, as in admin/representations.ts.
 */
export function secretFreeClient(client: ClientModel): Record<string, unknown> {
  return {
    id: client.id,
    clientId: client.clientId,
    ...(client.name !== undefined ? { name: client.name } : {}),
    ...(client.description !== undefined ? { description: client.description } : {}),
    enabled: client.enabled,
    attributes: secretFreeAttributes(client.attributes),
    defaultClientScopes: [...client.defaultClientScopes],
    optionalClientScopes: [...client.optionalClientScopes],
  };
}

/**
 * `credman/clients`: as GET /clients?search=true&clientId= (requireList, then only the clients the caller may
 * view, paged after that check), or with `dueBy` the clients whose credman.due is at or before it (with `after`
 * only those whose clientId sorts after it: the next page without counting the earlier ones again).
 */
function clients(request: AdminRequest): Response {
  requireExtension(request);
  const { perms, realm } = request;
  AdminPermissions.require(perms.canListClients());
  const first = natural(request, 'first', INT_LIMIT) ?? 0;
  const max = natural(request, 'max', INT_LIMIT);
  const dueBy = natural(request, 'dueBy', 10 ** 13);
  const search = query(request, 'search');
  if (dueBy !== undefined && search !== undefined && search.trim() !== '')
    throw invalid("'search' and 'dueBy' cannot be combined");
  const after = afterParameter(request, dueBy !== undefined);
  // `after` continues in the list's own order (by clientId, as filterClients sorts).
  const matching =
    dueBy !== undefined
      ? filterClients(realm, { search: false }).filter(
          (client) => isDueBy(client, dueBy) && (after === undefined || client.clientId > after),
        )
      : filterClients(realm, { clientId: search, search: true });
  const viewable = perms.canViewClients()
    ? matching
    : matching.filter((client) => perms.canViewClient(client));
  const page = viewable.slice(first, max === undefined ? undefined : first + max);
  return Response.json(page.map(secretFreeClient));
}

export function registerCredmanRoutes(app: Hono<DoubleEnv>, double: KeycloakDouble): void {
  app.on('GET', paths('/admin/realms/:realm/credman/info'), adminEndpoint(double, info));
  app.on('GET', paths('/admin/realms/:realm/credman/clients'), adminEndpoint(double, clients));
}
