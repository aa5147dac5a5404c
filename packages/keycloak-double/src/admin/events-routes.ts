// User events, admin events and the client-policy configuration (RealmAdminResource, ClientPoliciesResource,
// ClientProfilesResource).
import type { Hono } from 'hono';
import type { DoubleEnv } from '../app.ts';
import type { KeycloakDouble } from '../double.ts';
import type { AdminEventModel, EventModel } from '../model/types.ts';
import type { AdminRequest } from './context.ts';
import { adminEndpoint, paths, query, queryList } from './context.ts';
import { AdminPermissions } from './permissions.ts';
import { applyPage, parseDirection, parseEventDate, parsePage } from './query.ts';
import { adminEventRepresentation, eventRepresentation } from './representations.ts';

const DEFAULT_MAX = 100;

interface TimeWindow {
  from: number | undefined;
  to: number | undefined;
}

function timeWindow(request: AdminRequest): TimeWindow {
  return {
    from: parseEventDate(query(request, 'dateFrom'), 'dateFrom'),
    to: parseEventDate(query(request, 'dateTo'), 'dateTo'),
  };
}

const inWindow = (time: number, window: TimeWindow) =>
  (window.from === undefined || time >= window.from) && (window.to === undefined || time <= window.to);

/** Newest first unless direction=asc; then paged. */
function orderAndPage<T extends { time: number }>(request: AdminRequest, items: T[]): T[] {
  const direction = parseDirection(query(request, 'direction'));
  // A stable sort on time keeps events of the same millisecond in recording order.
  const sorted = items.map((item, index) => ({ item, index }));
  sorted.sort((a, b) => (a.item.time - b.item.time || a.index - b.index) * (direction === 'asc' ? 1 : -1));
  return applyPage(
    sorted.map((entry) => entry.item),
    parsePage(query(request, 'first'), query(request, 'max'), DEFAULT_MAX),
  );
}

function listEvents(request: AdminRequest): Response {
  AdminPermissions.require(request.perms.canViewEvents());
  const window = timeWindow(request);
  const types = queryList(request, 'type');
  const client = query(request, 'client');
  const user = query(request, 'user');
  const ipAddress = query(request, 'ipAddress');
  // Keycloak's cleanup task removes expired events; the double drops them when they are read.
  request.realm.expireEvents();
  const matches = (event: EventModel) =>
    (types.length === 0 || types.includes(event.type)) &&
    (client === undefined || event.clientId === client) &&
    (user === undefined || event.userId === user) &&
    (ipAddress === undefined || event.ipAddress === ipAddress) &&
    inWindow(event.time, window);
  return Response.json(orderAndPage(request, request.realm.events.filter(matches)).map(eventRepresentation));
}

/** `resourcePath` filter: `*` is a wildcard (JpaAdminEventQuery uses LIKE with * → %). */
function pathMatcher(pattern: string | undefined): (path: string) => boolean {
  if (pattern === undefined) return () => true;
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return (path) => regex.test(path);
}

function listAdminEvents(request: AdminRequest): Response {
  AdminPermissions.require(request.perms.canViewEvents());
  const window = timeWindow(request);
  const operations = queryList(request, 'operationTypes');
  const resourceTypes = queryList(request, 'resourceTypes');
  const path = pathMatcher(query(request, 'resourcePath'));
  const auth = {
    realmId: query(request, 'authRealm'),
    clientId: query(request, 'authClient'),
    userId: query(request, 'authUser'),
    ipAddress: query(request, 'authIpAddress'),
  };
  request.realm.expireEvents();
  const matches = (event: AdminEventModel) =>
    (operations.length === 0 || operations.includes(event.operationType)) &&
    (resourceTypes.length === 0 || resourceTypes.includes(event.resourceType)) &&
    path(event.resourcePath) &&
    (Object.keys(auth) as (keyof typeof auth)[]).every(
      (key) => auth[key] === undefined || event.authDetails[key] === auth[key],
    ) &&
    inWindow(event.time, window);
  return Response.json(
    orderAndPage(request, request.realm.adminEvents.filter(matches)).map(adminEventRepresentation),
  );
}

// Both client-policy reads need view-realm (`auth.realm().requireViewRealm()`). Keycloak's built-in global
// profiles/policies (FAPI etc.) are not modelled: the global lists are empty.
function clientPolicies(request: AdminRequest): Response {
  AdminPermissions.require(request.perms.canViewRealm());
  const policies = request.realm.clientPolicies.map((policy) => structuredClone(policy));
  const includeGlobal = query(request, 'include-global-policies') === 'true';
  return Response.json({ policies, ...(includeGlobal ? { globalPolicies: [] } : {}) });
}

function clientProfiles(request: AdminRequest): Response {
  AdminPermissions.require(request.perms.canViewRealm());
  const profiles = request.realm.clientProfiles.map((profile) => structuredClone(profile));
  const includeGlobal = query(request, 'include-global-profiles') === 'true';
  return Response.json({ profiles, ...(includeGlobal ? { globalProfiles: [] } : {}) });
}

export function registerEventRoutes(app: Hono<DoubleEnv>, double: KeycloakDouble): void {
  app.on('GET', paths('/admin/realms/:realm/events'), adminEndpoint(double, listEvents));
  app.on('GET', paths('/admin/realms/:realm/admin-events'), adminEndpoint(double, listAdminEvents));
  app.on(
    'GET',
    paths('/admin/realms/:realm/client-policies/policies'),
    adminEndpoint(double, clientPolicies),
  );
  app.on(
    'GET',
    paths('/admin/realms/:realm/client-policies/profiles'),
    adminEndpoint(double, clientProfiles),
  );
}
