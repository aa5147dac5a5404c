// /admin/realms/{realm}/clients and a client's secrets (ClientsResource, ClientResource, and the secret-rotation
// executor's effects through client-operations.ts).
import { z } from 'zod';
import type { Hono } from 'hono';
import type { DoubleEnv } from '../app.ts';
import type { KeycloakDouble } from '../double.ts';
import { createClient } from '../import/import-realm.ts';
import { clientSchema } from '../import/representation.ts';
import type { ClientRepresentation } from '../import/representation.ts';
import { ROTATED_SECRET, hasRotatedSecret } from '../model/client-secret.ts';
import type { ClientModel } from '../model/types.ts';
import { recordAdminEvent } from './admin-events.ts';
import {
  clientRegistered,
  deleteClient,
  regenerateSecret,
  removeRotatedSecret,
  updateClient,
} from './client-operations.ts';
import { filterClients, isExactLookup } from './client-search.ts';
import type { AdminRequest } from './context.ts';
import { adminEndpoint, paths, findClient, noContent, query, readJson } from './context.ts';
import { AdminHttpError, badRequest, conflict, notFound } from './errors.ts';
import { AdminPermissions } from './permissions.ts';
import { applyPage, parseBoolean, parsePage } from './query.ts';
import { clientRepresentation, clientSummaryRepresentation, userRepresentation } from './representations.ts';

const updateSchema = clientSchema.extend({ clientId: z.string().optional() });

function parseRepresentation<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw badRequest('Unable to process the request body');
  return parsed.data;
}

/**
 * A client as this caller may see it. Keycloak 26.7.3's ClientResource.getClient / ClientsResource.getClients
 * return ModelToRepresentation's representation unstripped: whoever may view the client sees its secret and
 * rotated secret in clear (view-clients is enough).
 */
function clientFor(request: AdminRequest, client: ClientModel): Record<string, unknown> {
  const canManage = request.perms.canManageClient(client);
  return clientRepresentation(client, {
    view: request.perms.canViewClient(client),
    configure: canManage,
    manage: canManage,
  });
}

function listClients(request: AdminRequest): Response {
  const { perms, realm } = request;
  AdminPermissions.require(perms.canListClients());
  const filter = {
    clientId: query(request, 'clientId'),
    search: parseBoolean(query(request, 'search'), false),
    q: query(request, 'q'),
  };
  const matching = filterClients(realm, filter);
  // No default page size for clients (ClientsResource.getClients passes first/max through as given).
  const page = (clients: ClientModel[]) =>
    isExactLookup(filter)
      ? clients
      : applyPage(clients, parsePage(query(request, 'first'), query(request, 'max'), undefined));
  const viewableOnly = parseBoolean(query(request, 'viewableOnly'), false);
  if (perms.canViewClients())
    return Response.json(page(matching).map((client) => clientFor(request, client)));
  // With fine-grained permissions: only the clients the caller may view, paged after that check, so `first` and
  // `max` count only those (seen on 26.7.3: Keycloak then pages in memory).
  if (perms.mayViewSomeClients())
    return Response.json(
      page(matching.filter((client) => perms.canViewClient(client))).map((client) =>
        clientFor(request, client),
      ),
    );
  // Callers who may only list get the short form, or nothing with viewableOnly.
  return Response.json(viewableOnly ? [] : page(matching).map(clientSummaryRepresentation));
}

async function createClientEndpoint(request: AdminRequest): Promise<Response> {
  const { perms, realm, c } = request;
  AdminPermissions.require(perms.canCreateClients());
  const rep = parseRepresentation(clientSchema, await readJson(request));
  if (rep.clientId.trim() === '') throw badRequest('Client id is missing');
  if (realm.clientByClientId(rep.clientId) || (rep.id !== undefined && realm.clients.has(rep.id)))
    throw conflict(`Client ${rep.clientId} already exists`);
  // The service account's username is the clientId in lower case and usernames are unique, so a client whose
  // clientId differs from another's only in case cannot have a service account (contract-tested).
  if (rep.serviceAccountsEnabled && realm.userByUsername(`service-account-${rep.clientId.toLowerCase()}`))
    throw conflict(`User exists with same username`);
  const client = createClient(realm, rep);
  clientRegistered(realm, client);
  recordAdminEvent(request, {
    operationType: 'CREATE',
    resourceType: 'CLIENT',
    resourcePath: `clients/${client.id}`,
    representation: rep,
  });
  const location = `${new URL(c.req.url).origin}/admin/realms/${encodeURIComponent(realm.name)}/clients/${client.id}`;
  return new Response(null, { status: 201, headers: { location } });
}

function getClient(request: AdminRequest): Response {
  const client = findClient(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canViewClient(client));
  return Response.json(clientFor(request, client));
}

async function updateClientEndpoint(request: AdminRequest): Promise<Response> {
  const { perms, realm } = request;
  const client = findClient(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(perms.canManageClient(client));
  const partial = parseRepresentation(updateSchema, await readJson(request));
  const rep: ClientRepresentation = { ...partial, clientId: partial.clientId ?? client.clientId };
  const other = realm.clientByClientId(rep.clientId);
  if (other && other.id !== client.id) throw conflict(`Client ${rep.clientId} already exists`);
  updateClient(realm, client, rep);
  recordAdminEvent(request, {
    operationType: 'UPDATE',
    resourceType: 'CLIENT',
    resourcePath: `clients/${client.id}`,
    representation: partial,
  });
  return noContent();
}

function deleteClientEndpoint(request: AdminRequest): Response {
  const client = findClient(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canManageClient(client));
  deleteClient(request.realm, client);
  recordAdminEvent(request, {
    operationType: 'DELETE',
    resourceType: 'CLIENT',
    resourcePath: `clients/${client.id}`,
  });
  return noContent();
}

/** A CredentialRepresentation; without a value the key is left out (admin-events.ts looks for `value`). */
function secretCredential(value: string | undefined): Record<string, unknown> {
  return { type: 'secret', ...(value !== undefined ? { value } : {}) };
}

function getSecret(request: AdminRequest): Response {
  const client = findClient(request, request.c.req.param('id') ?? '');
  // ClientResource.getClientSecret in 26.7.3: requireView, so view-clients reads the secret.
  AdminPermissions.require(request.perms.canViewClient(client));
  return Response.json(secretCredential(client.secret));
}

function regenerateSecretEndpoint(request: AdminRequest): Response {
  const client = findClient(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canManageClient(client));
  const credential = secretCredential(regenerateSecret(request.realm, client));
  recordAdminEvent(request, {
    operationType: 'ACTION',
    resourceType: 'CLIENT',
    resourcePath: `clients/${client.id}/client-secret`,
    representation: credential,
  });
  return Response.json(credential);
}

function getRotatedSecret(request: AdminRequest): Response {
  const client = findClient(request, request.c.req.param('id') ?? '');
  // ClientResource.getClientRotatedSecret: requireView, like the current secret.
  AdminPermissions.require(request.perms.canViewClient(client));
  if (!hasRotatedSecret(client)) throw notFound('Client does not have a rotated secret');
  return Response.json(secretCredential(client.attributes.get(ROTATED_SECRET)));
}

function deleteRotatedSecret(request: AdminRequest): Response {
  const client = findClient(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(request.perms.canManageClient(client));
  // The event carries the rotated secret as a credential (masked when stored), then the secret is removed.
  recordAdminEvent(request, {
    operationType: 'DELETE',
    resourceType: 'CLIENT',
    resourcePath: `clients/${client.id}/client-secret/rotated`,
    representation: secretCredential(client.attributes.get(ROTATED_SECRET)),
  });
  removeRotatedSecret(client);
  return noContent();
}

function getServiceAccountUser(request: AdminRequest): Response {
  const { realm, perms } = request;
  const client = findClient(request, request.c.req.param('id') ?? '');
  AdminPermissions.require(perms.canViewClient(client));
  const user = realm.serviceAccountOf(client);
  if (!user)
    throw new AdminHttpError(400, {
      errorMessage: `Service account not enabled for the client '${client.clientId}'`,
    });
  return Response.json(userRepresentation(realm, user, false));
}

export function registerClientRoutes(app: Hono<DoubleEnv>, double: KeycloakDouble): void {
  const base = '/admin/realms/:realm/clients';
  app.on('GET', paths(base), adminEndpoint(double, listClients));
  app.on('POST', paths(base), adminEndpoint(double, createClientEndpoint));
  app.on('GET', paths(`${base}/:id`), adminEndpoint(double, getClient));
  app.on('PUT', paths(`${base}/:id`), adminEndpoint(double, updateClientEndpoint));
  app.on('DELETE', paths(`${base}/:id`), adminEndpoint(double, deleteClientEndpoint));
  app.on('GET', paths(`${base}/:id/client-secret`), adminEndpoint(double, getSecret));
  app.on('POST', paths(`${base}/:id/client-secret`), adminEndpoint(double, regenerateSecretEndpoint));
  app.on('GET', paths(`${base}/:id/client-secret/rotated`), adminEndpoint(double, getRotatedSecret));
  app.on('DELETE', paths(`${base}/:id/client-secret/rotated`), adminEndpoint(double, deleteRotatedSecret));
  app.on('GET', paths(`${base}/:id/service-account-user`), adminEndpoint(double, getServiceAccountUser));
}
