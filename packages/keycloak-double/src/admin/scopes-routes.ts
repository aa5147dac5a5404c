// Client scopes and a client's default/optional scope assignments (ClientScopesResource, ClientResource).
import type { Hono } from 'hono';
import type { DoubleEnv } from '../app.ts';
import type { KeycloakDouble } from '../double.ts';
import { recordAdminEvent } from './admin-events.ts';
import type { AdminRequest } from './context.ts';
import { adminEndpoint, paths, findClient, noContent } from './context.ts';
import { notFound } from './errors.ts';
import { AdminPermissions } from './permissions.ts';
import { clientScopeRepresentation } from './representations.ts';

type Kind = 'default' | 'optional';

function listClientScopes(request: AdminRequest): Response {
  AdminPermissions.require(request.perms.canListClients());
  return Response.json([...request.realm.clientScopes.values()].map(clientScopeRepresentation));
}

function assigned(request: AdminRequest, kind: Kind): Response {
  const client = findClient(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canViewClient(client));
  const names = kind === 'default' ? client.defaultClientScopes : client.optionalClientScopes;
  return Response.json(
    names.flatMap((name) => {
      const scope = request.realm.clientScopeByName(name);
      return scope ? [{ id: scope.id, name: scope.name }] : [];
    }),
  );
}

function change(request: AdminRequest, kind: Kind, operation: 'CREATE' | 'DELETE'): Response {
  const client = findClient(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canManageClient(client));
  const scope = request.realm.clientScopes.get(request.c.req.param('scopeId') ?? '');
  if (!scope) throw notFound('Client scope not found');
  const without = (names: string[]) => names.filter((name) => name !== scope.name);
  if (operation === 'DELETE') {
    if (kind === 'default') client.defaultClientScopes = without(client.defaultClientScopes);
    else client.optionalClientScopes = without(client.optionalClientScopes);
  } else {
    // A scope is either default or optional for one client: adding it to one list takes it off the other.
    client.defaultClientScopes = without(client.defaultClientScopes);
    client.optionalClientScopes = without(client.optionalClientScopes);
    (kind === 'default' ? client.defaultClientScopes : client.optionalClientScopes).push(scope.name);
  }
  recordAdminEvent(request, {
    operationType: operation,
    resourceType: 'CLIENT',
    resourcePath: `clients/${client.id}/${kind}-client-scopes/${scope.id}`,
  });
  return noContent();
}

export function registerScopeRoutes(app: Hono<DoubleEnv>, double: KeycloakDouble): void {
  app.on('GET', paths('/admin/realms/:realm/client-scopes'), adminEndpoint(double, listClientScopes));
  for (const kind of ['default', 'optional'] as const) {
    const base = `/admin/realms/:realm/clients/:id/${kind}-client-scopes`;
    app.on(
      'GET',
      paths(base),
      adminEndpoint(double, (r) => assigned(r, kind)),
    );
    app.on(
      'PUT',
      paths(`${base}/:scopeId`),
      adminEndpoint(double, (r) => change(r, kind, 'CREATE')),
    );
    app.on(
      'DELETE',
      paths(`${base}/:scopeId`),
      adminEndpoint(double, (r) => change(r, kind, 'DELETE')),
    );
  }
}
