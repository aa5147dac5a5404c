// The Keycloak adapter: credman's port (port.ts) over Keycloak's admin API, composed of its parts in admin/
// (docs/architecture.md#components), the only modules that import @keycloak/keycloak-admin-client: the service
// account's token that renews itself (service-account-token.ts), a timeout on every call, retries for idempotent
// reads only and the breaker (resilient-call.ts), errors mapped to the port's (error-mapping.ts), Keycloak's JSON
// in the port's types (representations.ts), and one module per Keycloak resource.
import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type {
  ClientUpdate,
  KeycloakClient,
  KeycloakPort,
  LoginEventQuery,
  NewClient,
  RecordsClaim,
  RecordsWrite,
} from './port.ts';
import { AdminJson } from './admin/admin-json.ts';
import { ClientPoliciesResource } from './admin/client-policies.ts';
import { ClientRolesResource } from './admin/client-roles.ts';
import { ClientsResource } from './admin/clients.ts';
import type { AdminContext } from './admin/context.ts';
import { CredmanExtensionResource } from './admin/credman-extension.ts';
import { EventsResource } from './admin/events.ts';
import type { AdminAdapterOptions } from './admin/options.ts';
import { ResilientCall } from './admin/resilient-call.ts';
import { ServiceAccountToken } from './admin/service-account-token.ts';
import { UsersResource } from './admin/users.ts';
import { ExtensionStatus } from './extension-status.ts';

export class KeycloakAdminAdapter implements KeycloakPort {
  readonly #clients: ClientsResource;
  readonly #roles: ClientRolesResource;
  readonly #users: UsersResource;
  readonly #events: EventsResource;
  readonly #credman: CredmanExtensionResource;
  readonly #policies: ClientPoliciesResource;
  /**
   * What credman's extension offers, re-checked every few minutes: the adapter's reads consult it (secret-free
   * `credman/clients`), and main.ts hands the same one to the jobs and `/readyz`, so one cache answers for all.
   */
  readonly extension: ExtensionStatus;

  constructor(options: AdminAdapterOptions) {
    this.extension = new ExtensionStatus({
      read: () => this.extensionInfo(),
      now: () => Date.now(),
      rotatedSecretEventDetail: options.rotatedSecretEventDetail,
    });
    const token = new ServiceAccountToken(options);
    const client = new KeycloakAdminClient({
      baseUrl: options.baseUrl,
      realmName: options.realm,
      timeout: options.timeoutMs,
    });
    // client_credentials has no refresh token, so the admin client cannot renew by itself
    // (docs/architecture.md#keycloak-facts).
    client.registerTokenProvider({ getAccessToken: () => token.accessToken() });
    const calls = new ResilientCall(options, token);
    const json = new AdminJson(options, token);
    const context: AdminContext = {
      client,
      call: (what, operation, idempotent) => calls.call(what, operation, idempotent),
      getJson: (path) => json.get(path),
      sendJson: (method, path, body) => json.send(method, path, body),
    };
    this.#credman = new CredmanExtensionResource(context);
    this.#clients = new ClientsResource(context, this.extension, this.#credman);
    this.#roles = new ClientRolesResource(context);
    this.#users = new UsersResource(context);
    this.#events = new EventsResource(context, options);
    this.#policies = new ClientPoliciesResource(context);
  }

  findClientByClientId(clientId: string) {
    return this.#clients.findClientByClientId(clientId);
  }

  findListedClient(clientId: string) {
    return this.#clients.findListedClient(clientId);
  }

  getClient(id: string) {
    return this.#clients.getClient(id);
  }

  searchClients(query: { search: string; first: number; max: number }) {
    return this.#clients.searchClients(query);
  }

  dueClients(query: { dueBy: number; first: number; max: number; after?: string | undefined }) {
    return this.#clients.dueClients(query);
  }

  updateClient(client: KeycloakClient, update: ClientUpdate) {
    return this.#clients.updateClient(client, update);
  }

  createClient(client: NewClient) {
    return this.#clients.createClient(client);
  }

  addDefaultClientScope(clientUuid: string, scopeName: string) {
    return this.#clients.addDefaultClientScope(clientUuid, scopeName);
  }

  removeDefaultClientScope(clientUuid: string, scopeName: string) {
    return this.#clients.removeDefaultClientScope(clientUuid, scopeName);
  }

  deleteClient(clientUuid: string) {
    return this.#clients.deleteClient(clientUuid);
  }

  createClientRole(clientUuid: string, roleName: string, description?: string) {
    return this.#roles.createClientRole(clientUuid, roleName, description);
  }

  getClientRole(clientUuid: string, roleName: string) {
    return this.#roles.getClientRole(clientUuid, roleName);
  }

  listClientRoles(clientUuid: string, search: string, max: number) {
    return this.#roles.listClientRoles(clientUuid, search, max);
  }

  deleteClientRole(clientUuid: string, roleName: string) {
    return this.#roles.deleteClientRole(clientUuid, roleName);
  }

  clientHasRole(clientUuid: string, roleName: string) {
    return this.#roles.clientHasRole(clientUuid, roleName);
  }

  usersWithClientRole(clientUuid: string, roleName: string, page: { first: number; max: number }) {
    return this.#roles.usersWithClientRole(clientUuid, roleName, page);
  }

  groupsWithClientRole(clientUuid: string, roleName: string) {
    return this.#roles.groupsWithClientRole(clientUuid, roleName);
  }

  grantClientRole(userId: string, clientUuid: string, roleName: string) {
    return this.#roles.grantClientRole(userId, clientUuid, roleName);
  }

  revokeClientRole(userId: string, clientUuid: string, roleName: string) {
    return this.#roles.revokeClientRole(userId, clientUuid, roleName);
  }

  groupMembers(groupId: string, page: { first: number; max: number }) {
    return this.#users.groupMembers(groupId, page);
  }

  userHasClientRole(userId: string, clientUuid: string, roleName: string) {
    return this.#users.userHasClientRole(userId, clientUuid, roleName);
  }

  userSessionIds(userId: string) {
    return this.#users.userSessionIds(userId);
  }

  userHasRealmRole(userId: string, roleName: string) {
    return this.#users.userHasRealmRole(userId, roleName);
  }

  findUsers(query: { search: string; first: number; max: number }) {
    return this.#users.findUsers(query);
  }

  getUser(id: string) {
    return this.#users.getUser(id);
  }

  clientLoginEvents(clientId: string, query: LoginEventQuery) {
    return this.#events.clientLoginEvents(clientId, query);
  }

  retiredSecretEvents(query: { since: number; max: number }) {
    return this.#events.retiredSecretEvents(query);
  }

  extensionInfo() {
    return this.#credman.extensionInfo();
  }

  rotationPolicies() {
    return this.#policies.rotationPolicies();
  }

  claimRecords(claims: RecordsClaim[], managerRole: string) {
    return this.#credman.claimRecords(claims, managerRole);
  }

  writeRecords(writes: RecordsWrite[]) {
    return this.#credman.writeRecords(writes);
  }
}
