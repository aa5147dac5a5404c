// credman's Keycloak extension's admin resource, /admin/realms/{realm}/credman (AdminRealmResourceProvider): the
// bearer token is checked first, as for every admin path; without the extension the path does not exist (404).
import type { Hono } from 'hono';
import type { DoubleEnv } from '../app.ts';
import type { KeycloakDouble } from '../double.ts';
import { EXTENSION_FEATURES, EXTENSION_VERSION } from '../model/credman-extension.ts';
import type { AdminRequest } from './context.ts';
import { adminEndpoint, paths } from './context.ts';
import { notFound } from './errors.ts';
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

export function registerCredmanRoutes(app: Hono<DoubleEnv>, double: KeycloakDouble): void {
  app.on('GET', paths('/admin/realms/:realm/credman/info'), adminEndpoint(double, info));
}
