// Clients (ClientsResource): find, read, list, create, PUT and delete, and their default client scopes. Listed
// clients come without secret values: through the extension's secret-free list when it is there
// (credman-extension.ts), else from the stock list with the values dropped on arrival (representations.ts).
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type { ClientUpdate, KeycloakClient, KeycloakPort, NewClient } from '../port.ts';
import { EXTENSION_FEATURES } from '../port.ts';
import { KeycloakRejectedError } from '../errors.ts';
import type { ExtensionStatus } from '../extension-status.ts';
import { hasFeature } from '../extension-status.ts';
import type { AdminContext } from './context.ts';
import type { CredmanExtensionResource } from './credman-extension.ts';
import type { AdminCall } from './resilient-call.ts';
import { toClient, withoutSecretValues } from './representations.ts';
import type { RawClient } from './representations.ts';

/** Clients per page while looking for one clientId among a search's matches (usually the first page has it). */
const EXACT_SEARCH_PAGE = 20;

export class ClientsResource implements Pick<
  KeycloakPort,
  | 'findClientByClientId'
  | 'findListedClient'
  | 'getClient'
  | 'searchClients'
  | 'dueClients'
  | 'updateClient'
  | 'createClient'
  | 'addDefaultClientScope'
  | 'removeDefaultClientScope'
  | 'deleteClient'
> {
  readonly #client: KeycloakAdminClient;
  readonly #call: AdminCall;
  readonly #extension: ExtensionStatus;
  readonly #secretFreeClients: CredmanExtensionResource['secretFreeClients'];

  constructor(context: AdminContext, extension: ExtensionStatus, credman: CredmanExtensionResource) {
    this.#client = context.client;
    this.#call = context.call;
    this.#extension = extension;
    this.#secretFreeClients = (query) => credman.secretFreeClients(query);
  }

  findClientByClientId(clientId: string): Promise<KeycloakClient | undefined> {
    return this.#call(
      'find client',
      async () => {
        const found = (await this.#client.clients.find({ clientId })) as RawClient[];
        const exact = found.find((c) => c.clientId === clientId);
        return exact ? toClient(exact) : undefined;
      },
      true,
    );
  }

  async findListedClient(clientId: string): Promise<KeycloakClient | undefined> {
    if (hasFeature(await this.#extension.current(), EXTENSION_FEATURES.secretFreeClients)) {
      const found = await this.#call('find listed client', () => this.#secretFreeExact(clientId), true);
      if (found !== 'gone') return found;
    }
    const whole = await this.findClientByClientId(clientId);
    return whole && withoutSecretValues(whole);
  }

  /**
   * The client named exactly `clientId` among `credman/clients?search=` (a case-insensitive substring search,
   * by clientId): the pages are read until it or the end comes; 'gone' when the extension answered 404.
   */
  async #secretFreeExact(clientId: string): Promise<KeycloakClient | undefined | 'gone'> {
    for (let first = 0; ; first += EXACT_SEARCH_PAGE) {
      const page = await this.#secretFreeClients({ search: clientId, first, max: EXACT_SEARCH_PAGE });
      if (page === undefined) return 'gone';
      const exact = page.find((client) => client.clientId === clientId);
      if (exact !== undefined || page.length < EXACT_SEARCH_PAGE) return exact;
    }
  }

  getClient(id: string): Promise<KeycloakClient | undefined> {
    return this.#call(
      'get client',
      async () => {
        const found = (await this.#client.clients.findOne({ id })) as RawClient | null | undefined;
        return found ? toClient(found) : undefined;
      },
      true,
    );
  }

  async searchClients(query: { search: string; first: number; max: number }): Promise<KeycloakClient[]> {
    if (hasFeature(await this.#extension.current(), EXTENSION_FEATURES.secretFreeClients)) {
      const found = await this.#call(
        'search clients',
        () => this.#secretFreeClients({ search: query.search, first: query.first, max: query.max }),
        true,
      );
      if (found !== undefined) return found;
    }
    return this.#call(
      'search clients',
      async () => {
        const found = (await this.#client.clients.find({
          clientId: query.search,
          search: true,
          first: query.first,
          max: query.max,
        })) as RawClient[];
        return found.map((raw) => withoutSecretValues(toClient(raw)));
      },
      true,
    );
  }

  async dueClients(query: {
    dueBy: number;
    first: number;
    max: number;
    after?: string | undefined;
  }): Promise<KeycloakClient[]> {
    const extension = await this.#extension.current();
    if (!hasFeature(extension, EXTENSION_FEATURES.dueIndex))
      throw new KeycloakRejectedError("credman's Keycloak extension with due-index is not installed");
    // With `after` Keycloak checks each due client once; by offset it checks the earlier pages again for every
    // page (the viewable ones are paged in the extension: keycloak-extension/README.md).
    const resume =
      query.after !== undefined && hasFeature(extension, EXTENSION_FEATURES.dueIndexAfter)
        ? { after: query.after, first: 0 }
        : { first: query.first };
    const found = await this.#call(
      'due clients',
      () =>
        this.#secretFreeClients({
          dueBy: String(Math.floor(query.dueBy)),
          ...resume,
          max: query.max,
        }),
      true,
    );
    if (found === undefined)
      throw new KeycloakRejectedError("credman's Keycloak extension with due-index is not installed");
    return found;
  }

  updateClient(client: KeycloakClient, update: ClientUpdate): Promise<void> {
    // Only the changed fields, plus authorizationServicesEnabled as it is (without it Keycloak disables
    // authorization services); never protocolMappers (manage-realm from 26.8.2) —
    // docs/architecture.md#one-put-per-transition.
    const representation = {
      clientId: client.clientId,
      authorizationServicesEnabled: client.authorizationServicesEnabled ?? false,
      ...(update.secret !== undefined ? { secret: update.secret } : {}),
      ...(update.attributes !== undefined ? { attributes: update.attributes } : {}),
      ...(update.description !== undefined ? { description: update.description } : {}),
    };
    return this.#call(
      'update client',
      () => this.#client.clients.update({ id: client.id }, representation),
      false,
    );
  }

  createClient(client: NewClient): Promise<string> {
    return this.#call(
      'create client',
      async () => {
        const created = await this.#client.clients.create({
          clientId: client.clientId,
          ...(client.name !== undefined ? { name: client.name } : {}),
          ...(client.description !== undefined ? { description: client.description } : {}),
          enabled: true,
          protocol: 'openid-connect',
          publicClient: false,
          bearerOnly: false,
          serviceAccountsEnabled: true,
          standardFlowEnabled: false,
          implicitFlowEnabled: false,
          directAccessGrantsEnabled: false,
          clientAuthenticatorType: 'client-secret',
          secret: client.secret,
          attributes: client.attributes,
          defaultClientScopes: client.defaultClientScopes,
          optionalClientScopes: client.optionalClientScopes,
          fullScopeAllowed: client.fullScopeAllowed,
        });
        return created.id;
      },
      false,
    );
  }

  async #clientScopeId(scopeName: string): Promise<string> {
    const scope = await this.#call(
      'find client scope',
      () => this.#client.clientScopes.findOneByName({ name: scopeName }),
      true,
    );
    if (scope?.id === undefined)
      throw new KeycloakRejectedError(`The realm has no client scope ${scopeName}`);
    return scope.id;
  }

  async addDefaultClientScope(clientUuid: string, scopeName: string): Promise<void> {
    const clientScopeId = await this.#clientScopeId(scopeName);
    await this.#call(
      'add default client scope',
      () => this.#client.clients.addDefaultClientScope({ id: clientUuid, clientScopeId }),
      false,
    );
  }

  async removeDefaultClientScope(clientUuid: string, scopeName: string): Promise<void> {
    const clientScopeId = await this.#clientScopeId(scopeName);
    await this.#call(
      'remove default client scope',
      () => this.#client.clients.delDefaultClientScope({ id: clientUuid, clientScopeId }),
      false,
    );
  }

  deleteClient(clientUuid: string): Promise<void> {
    return this.#call(
      'delete client',
      async () => {
        await this.#client.clients.del({ id: clientUuid });
      },
      false,
    );
  }
}
