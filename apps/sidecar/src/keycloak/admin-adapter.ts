// The Keycloak adapter: the only module that imports @keycloak/keycloak-admin-client
// (docs/architecture.md#components). It turns the admin client's calls and errors into credman's port
// (port.ts): service-account authentication that renews itself, a timeout on every call, retries for idempotent
// reads only, and errors mapped to domain errors.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { millisAsSeconds, toSeconds } from '@credman/domain';
import KeycloakAdminClient, { NetworkError } from '@keycloak/keycloak-admin-client';
import { SignJWT, importPKCS8 } from 'jose';
import type {
  ClientLoginEvent,
  ClientUpdate,
  ExtensionInfo,
  KeycloakClient,
  KeycloakPort,
  KeycloakUser,
  LoginEventQuery,
  NewClient,
  RetiredSecretEvent,
} from './port.ts';
import { remainingMs as requestRemainingMs } from '../request-deadline.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { ExtensionStatus, hasFeature } from './extension-status.ts';
import {
  EXTENSION_FEATURES,
  KeycloakAccessError,
  KeycloakConflictError,
  KeycloakRejectedError,
  KeycloakUnavailableError,
} from './port.ts';

/** Keycloak's user ids: UUIDs (any case; Keycloak itself writes them lower-case). */
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AdminAdapterOptions {
  baseUrl: string;
  realm: string;
  clientId: string;
  /** The client secret (client-secret authentication); unused when privateKeyPem is set. */
  clientSecret: string;
  /**
   * PKCS#8 PEM RSA key: the adapter then authenticates with a signed JWT (private_key_jwt, Keycloak's client-jwt)
   * instead of the secret (docs/architecture.md#the-sidecars-service-account).
   */
  privateKeyPem?: string;
  /** The assertion's `aud`: the realm's issuer as Keycloak names it (its public URL); default `{baseUrl}/realms/{realm}`. */
  assertionAudience?: string;
  timeoutMs: number;
  /** Delays between attempts of an idempotent read; [] disables retries. */
  readRetryDelaysMs?: number[];
  /**
   * The CLIENT_LOGIN detail key that marks a login with the rotated secret. Unset: Keycloak writes no such
   * detail (26.7), so no event says which secret was used (see the sidecar README, "Which secret was used").
   */
  rotatedSecretEventDetail?: string;
  /** Pauses calls while Keycloak is down; none: every call waits for its own timeout. */
  breaker?: CircuitBreaker;
  /** Milliseconds left of the current request's deadline (undefined: no deadline). */
  remainingMs?: () => number | undefined;
  /** Told of every call when it ends: its operation (a fixed name), how it ended and its seconds (metrics). */
  observeCall?: (operation: string, outcome: AdminCallOutcome, seconds: number) => void;
}

/** How an admin call ended, as the metrics label it. */
export type AdminCallOutcome =
  'ok' | 'unavailable' | 'refused' | 'conflict' | 'rejected' | 'access-denied' | 'error';

/** A call refused before it was sent: the breaker is open or the request's deadline passed. */
class RefusedCall extends KeycloakUnavailableError {}

function outcomeOf(error: unknown): AdminCallOutcome {
  if (error instanceof RefusedCall) return 'refused';
  if (error instanceof KeycloakUnavailableError) return 'unavailable';
  if (error instanceof KeycloakConflictError) return 'conflict';
  if (error instanceof KeycloakRejectedError) return 'rejected';
  if (error instanceof KeycloakAccessError) return 'access-denied';
  return 'error';
}

/** The CLIENT_LOGIN detail credman's Keycloak extension adds: which stored secret matched. */
export const SECRET_SLOT_DETAIL = 'credman_secret_slot';
/** The CLIENT_LOGIN_ERROR detail credman's Keycloak extension adds: the retired secret presented. */
export const RETIRED_SECRET_DETAIL = 'credman_retired_secret';

interface RawEvent {
  time?: number;
  clientId?: string;
  ipAddress?: string;
  details?: Record<string, unknown>;
}

/**
 * A CLIENT_LOGIN event as the port sees it, and the ONE place that decides where "which slot" comes from
 * (docs/architecture.md#last-use-per-secret): credman's extension's `credman_secret_slot` when the event has it;
 * else, with a configured 26.8 detail key, that detail's presence; else undefined (stock 26.7: ambiguous).
 */
export function toClientLoginEvent(
  event: RawEvent,
  rotatedSecretEventDetail: string | undefined,
): ClientLoginEvent {
  const slot = event.details?.[SECRET_SLOT_DETAIL];
  const usedRotatedSecret =
    slot === 'rotated' || slot === 'current'
      ? slot === 'rotated'
      : rotatedSecretEventDetail === undefined
        ? undefined
        : event.details?.[rotatedSecretEventDetail] !== undefined;
  return {
    time: event.time ?? 0,
    usedRotatedSecret,
    ...(typeof event.ipAddress === 'string' && event.ipAddress !== '' ? { ipAddress: event.ipAddress } : {}),
  };
}

/** A CLIENT_LOGIN_ERROR event naming a retired secret; undefined for any other refused login. */
export function toRetiredSecretEvent(event: RawEvent): RetiredSecretEvent | undefined {
  const secretId = event.details?.[RETIRED_SECRET_DETAIL];
  if (typeof secretId !== 'string' || secretId === '' || !event.clientId) return undefined;
  return {
    time: event.time ?? 0,
    clientId: event.clientId,
    secretId,
    ...(typeof event.ipAddress === 'string' && event.ipAddress !== '' ? { ipAddress: event.ipAddress } : {}),
  };
}

/** The answer of `GET /admin/realms/{realm}/credman/info`, or undefined when it is not the extension's. */
export function toExtensionInfo(body: unknown): ExtensionInfo {
  if (typeof body !== 'object' || body === null) return { present: false };
  const { extension, version, features } = body as Record<string, unknown>;
  if (extension !== 'credman') return { present: false };
  return {
    present: true,
    version: typeof version === 'string' ? version : '',
    features: Array.isArray(features) ? features.filter((f): f is string => typeof f === 'string') : [],
  };
}

interface RawClient {
  id?: string;
  clientId?: string;
  name?: string;
  description?: string;
  enabled?: boolean;
  secret?: string;
  authorizationServicesEnabled?: boolean;
  attributes?: Record<string, unknown>;
  defaultClientScopes?: string[];
  optionalClientScopes?: string[];
}

function toClient(raw: RawClient): KeycloakClient {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw.attributes ?? {})) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') attributes[key] = first;
  }
  return {
    id: raw.id ?? '',
    clientId: raw.clientId ?? '',
    name: raw.name,
    description: raw.description,
    enabled: raw.enabled ?? true,
    secret: raw.secret,
    authorizationServicesEnabled: raw.authorizationServicesEnabled,
    attributes,
    defaultClientScopes: raw.defaultClientScopes ?? [],
    optionalClientScopes: raw.optionalClientScopes ?? [],
  };
}

/** Keycloak's attribute holding the rotated secret's value. */
const ROTATED_SECRET_ATTRIBUTE = 'client.secret.rotated';

/**
 * A listed client without its secret values. Keycloak 26.7 lists clients whole (ClientsResource.getClients has
 * no brief representation; docs/architecture.md#keycloak-facts), so the values are dropped here, at the
 * boundary, before a scan holds hundreds of them; whoever writes reads the client again.
 */
function withoutSecretValues(client: KeycloakClient): KeycloakClient {
  const { [ROTATED_SECRET_ATTRIBUTE]: _rotated, ...attributes } = client.attributes;
  return { ...client, secret: undefined, attributes };
}

interface RawUser {
  id?: string;
  username?: string;
  email?: string;
  emailVerified?: boolean;
  firstName?: string;
  lastName?: string;
  enabled?: boolean;
}

function toUser(raw: RawUser): KeycloakUser {
  return {
    id: raw.id ?? '',
    username: raw.username ?? '',
    email: raw.email,
    emailVerified: raw.emailVerified ?? false,
    firstName: raw.firstName,
    lastName: raw.lastName,
    enabled: raw.enabled ?? false,
  };
}

function isTimeoutOrNetwork(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'TimeoutError' || error.name === 'AbortError' || error instanceof TypeError;
}

/** A refused connection: the request never reached Keycloak, so it cannot land later. */
function neverSent(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause as { code?: unknown } | undefined;
  return cause?.code === 'ECONNREFUSED';
}

/** HTTP status of a failed call, or undefined when Keycloak was not reached. */
function statusOf(error: unknown): number | undefined {
  if (error instanceof NetworkError) return error.response.status;
  if (error instanceof HttpError) return error.status;
  return undefined;
}

class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function mapError(error: unknown, what: string): Error {
  const status = statusOf(error);
  if (status === undefined) {
    if (isTimeoutOrNetwork(error))
      return new KeycloakUnavailableError(`Keycloak did not answer: ${what}`, {
        mayStillLand: !neverSent(error),
      });
    return error instanceof Error ? error : new Error(String(error));
  }
  if (status >= 500)
    return new KeycloakUnavailableError(`Keycloak answered ${status}: ${what}`, { mayStillLand: false });
  if (status === 401 || status === 403)
    return new KeycloakAccessError(`Keycloak answered ${status}: ${what}`);
  if (status === 409) return new KeycloakConflictError(`Keycloak answered 409: ${what}`);
  return new KeycloakRejectedError(`Keycloak answered ${status}: ${what}`);
}

/** A read cut short by the request's deadline: not Keycloak's fault, so it does not count against the breaker. */
class DeadlinePassed extends Error {
  readonly unavailable: KeycloakUnavailableError;
  constructor(what: string) {
    super(`Request deadline passed during: ${what}`);
    this.unavailable = new KeycloakUnavailableError(this.message, { mayStillLand: false });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class KeycloakAdminAdapter implements KeycloakPort {
  readonly #options: AdminAdapterOptions;
  readonly #client: KeycloakAdminClient;
  #token: { value: string; renewAt: number } | undefined;
  #pendingToken: Promise<string> | undefined;
  #signingKey: ReturnType<typeof importPKCS8> | undefined;
  /** Whether reads can go through the extension's secret-free `credman/clients` (re-checked as main.ts's is). */
  readonly #extension = new ExtensionStatus({ read: () => this.extensionInfo(), now: () => Date.now() });

  constructor(options: AdminAdapterOptions) {
    this.#options = options;
    this.#client = new KeycloakAdminClient({
      baseUrl: options.baseUrl,
      realmName: options.realm,
      timeout: options.timeoutMs,
    });
    // client_credentials has no refresh token, so the admin client cannot renew by itself
    // (docs/architecture.md#keycloak-facts).
    this.#client.registerTokenProvider({ getAccessToken: () => this.#accessToken() });
  }

  async #accessToken(): Promise<string> {
    if (this.#token && Date.now() < this.#token.renewAt) return this.#token.value;
    this.#pendingToken ??= this.#fetchToken().finally(() => {
      this.#pendingToken = undefined;
    });
    return this.#pendingToken;
  }

  /** The token request's client authentication: a fresh signed assertion, or the secret as Basic credentials. */
  async #clientAuthentication(): Promise<{ headers: Record<string, string>; form: Record<string, string> }> {
    const { baseUrl, realm, clientId, clientSecret, privateKeyPem } = this.#options;
    if (privateKeyPem === undefined) {
      const basic = Buffer.from(
        `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`,
      ).toString('base64');
      return { headers: { authorization: `Basic ${basic}` }, form: {} };
    }
    this.#signingKey ??= importPKCS8(privateKeyPem, 'RS256');
    const now = toSeconds(Date.now());
    // Short-lived and single-use (jti): Keycloak refuses a replayed assertion.
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(this.#options.assertionAudience ?? `${baseUrl}/realms/${realm}`)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(await this.#signingKey);
    return {
      headers: {},
      form: {
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      },
    };
  }

  async #fetchToken(): Promise<string> {
    const { baseUrl, realm, timeoutMs } = this.#options;
    const auth = await this.#clientAuthentication();
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { ...auth.headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', ...auth.form }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw mapError(error, 'service-account token');
    }
    if (!response.ok)
      throw mapError(new HttpError(response.status, 'token request failed'), 'service-account token');
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string')
      throw new KeycloakUnavailableError('Keycloak token response without access_token');
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 60;
    // Renew when 70 % of the lifetime has passed, well before the admin API would refuse the token.
    this.#token = { value: body.access_token, renewAt: Date.now() + lifetime * 700 };
    return body.access_token;
  }

  /**
   * Runs one call; a 401 renews the service-account token once (it may have expired on Keycloak's clock). Reads
   * are retried while the request's deadline leaves room; nothing is sent while the breaker is open.
   */
  async #call<T>(what: string, operation: () => Promise<T>, idempotent: boolean): Promise<T> {
    const observe = this.#options.observeCall;
    if (observe === undefined) return this.#attempts(what, operation, idempotent);
    const started = performance.now();
    try {
      const result = await this.#attempts(what, operation, idempotent);
      observe(what, 'ok', (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      observe(what, outcomeOf(error), (performance.now() - started) / 1000);
      throw error;
    }
  }

  async #attempts<T>(what: string, operation: () => Promise<T>, idempotent: boolean): Promise<T> {
    const delays = idempotent ? (this.#options.readRetryDelaysMs ?? [100, 400]) : [];
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      this.#admit(what);
      try {
        const result = await this.#withinDeadline(what, operation, idempotent);
        this.#options.breaker?.recordSuccess();
        return result;
      } catch (error) {
        if (error instanceof DeadlinePassed) throw error.unavailable;
        const mapped = mapError(error, what);
        this.#recordOutcome(mapped);
        if (statusOf(error) === 401 && !renewed) {
          renewed = true;
          this.#token = undefined;
          attempt--;
          continue;
        }
        const delay = delays[attempt];
        if (!(mapped instanceof KeycloakUnavailableError) || delay === undefined || !this.#roomFor(delay))
          throw mapped;
        await sleep(delay);
      }
    }
  }

  #remaining(): number | undefined {
    return (this.#options.remainingMs ?? requestRemainingMs)();
  }

  /** Refuses at once when the breaker is open or the request's deadline has passed. */
  #admit(what: string): void {
    const remaining = this.#remaining();
    if (remaining !== undefined && remaining <= 0)
      throw new RefusedCall(`Request deadline passed before: ${what}`, { mayStillLand: false });
    const breaker = this.#options.breaker;
    if (breaker !== undefined && !breaker.tryAcquire()) {
      const seconds = Math.ceil(millisAsSeconds(breaker.waitMs()));
      throw new RefusedCall(`Keycloak is unavailable; calls paused for ${String(seconds)} s: ${what}`, {
        mayStillLand: false,
      });
    }
  }

  #roomFor(delayMs: number): boolean {
    const remaining = this.#remaining();
    return remaining === undefined || remaining > delayMs;
  }

  #recordOutcome(error: Error): void {
    const breaker = this.#options.breaker;
    if (breaker === undefined) return;
    if (error instanceof KeycloakUnavailableError) breaker.recordUnavailable();
    else breaker.recordSuccess();
  }

  /** A read gives up when the request's deadline comes; a write keeps its own timeout (it may land anyway). */
  async #withinDeadline<T>(what: string, operation: () => Promise<T>, idempotent: boolean): Promise<T> {
    const remaining = this.#remaining();
    if (!idempotent || remaining === undefined || remaining >= this.#options.timeoutMs) return operation();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new DeadlinePassed(what));
      }, remaining);
    });
    try {
      return await Promise.race([operation(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** GET on an endpoint the admin client has no method for. */
  async #getJson(path: string): Promise<unknown> {
    const token = await this.#accessToken();
    const response = await fetch(
      `${this.#options.baseUrl}/admin/realms/${encodeURIComponent(this.#options.realm)}${path}`,
      {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      },
    );
    if (!response.ok) throw new HttpError(response.status, `GET ${path}`);
    return response.json();
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

  /**
   * `GET …/credman/clients` (keycloak-extension/README.md): clients without secret values; undefined when the
   * extension is gone (404) since it was last seen, so the caller falls back to the stock list.
   */
  async #secretFreeClients(
    query: ({ search: string } | { dueBy: string; after?: string }) & { first: number; max: number },
  ): Promise<KeycloakClient[] | undefined> {
    const params = new URLSearchParams(
      Object.entries(query).map(([name, value]) => [name, String(value)] as [string, string]),
    );
    let found: unknown;
    try {
      found = await this.#getJson(`/credman/clients?${params.toString()}`);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return undefined;
      throw error;
    }
    if (!Array.isArray(found)) throw new KeycloakUnavailableError('credman/clients answered no list');
    // The extension sends no secret value; dropping them again keeps that true whatever answered.
    return (found as RawClient[]).map((raw) => withoutSecretValues(toClient(raw)));
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

  createClientRole(clientUuid: string, roleName: string, description?: string): Promise<void> {
    return this.#call(
      'create client role',
      async () => {
        await this.#client.clients.createRole({
          id: clientUuid,
          name: roleName,
          ...(description === undefined ? {} : { description }),
        });
      },
      false,
    );
  }

  getClientRole(
    clientUuid: string,
    roleName: string,
  ): Promise<{ name: string; description?: string } | undefined> {
    return this.#call(
      'get client role',
      async () => {
        const role = await this.#client.clients.findRole(
          { id: clientUuid, roleName },
          { catchNotFound: true },
        );
        if (!role?.name) return undefined;
        return {
          name: role.name,
          ...(role.description === undefined ? {} : { description: role.description }),
        };
      },
      true,
    );
  }

  listClientRoles(
    clientUuid: string,
    search: string,
    max: number,
  ): Promise<{ name: string; description?: string }[]> {
    const query = new URLSearchParams({ search, first: '0', max: String(max), briefRepresentation: 'true' });
    const path = `/clients/${encodeURIComponent(clientUuid)}/roles?${query.toString()}`;
    return this.#call(
      'list client roles',
      async () => {
        const roles = (await this.#getJson(path)) as { name?: string; description?: string }[];
        return roles.flatMap((role) =>
          role.name === undefined
            ? []
            : [
                {
                  name: role.name,
                  ...(role.description === undefined ? {} : { description: role.description }),
                },
              ],
        );
      },
      true,
    );
  }

  deleteClientRole(clientUuid: string, roleName: string): Promise<boolean> {
    // Deleting by name is idempotent in effect (a repeat finds nothing), so it may be retried like a read.
    return this.#call(
      'delete client role',
      async () => {
        try {
          await this.#client.clients.delRole({ id: clientUuid, roleName });
          return true;
        } catch (error) {
          if (statusOf(error) === 404) return false;
          throw error;
        }
      },
      true,
    );
  }

  clientHasRole(clientUuid: string, roleName: string): Promise<boolean> {
    return this.#call(
      'find client role',
      async () => {
        const role = await this.#client.clients.findRole(
          { id: clientUuid, roleName },
          { catchNotFound: true },
        );
        return role !== null;
      },
      true,
    );
  }

  usersWithClientRole(
    clientUuid: string,
    roleName: string,
    page: { first: number; max: number },
  ): Promise<KeycloakUser[]> {
    return this.#call(
      'users with role',
      async () => {
        const users = (await this.#client.clients.findUsersWithRole({
          id: clientUuid,
          roleName,
          first: page.first,
          max: page.max,
          briefRepresentation: true,
        })) as RawUser[];
        return users.map(toUser);
      },
      true,
    );
  }

  groupsWithClientRole(clientUuid: string, roleName: string): Promise<{ id: string; path: string }[]> {
    return this.#call(
      'groups with role',
      async () => {
        const path = `/clients/${encodeURIComponent(clientUuid)}/roles/${encodeURIComponent(roleName)}/groups`;
        const groups = (await this.#getJson(path)) as { id?: string; path?: string }[];
        return groups.map((g) => ({ id: g.id ?? '', path: g.path ?? '' }));
      },
      true,
    );
  }

  groupMembers(groupId: string, page: { first: number; max: number }): Promise<KeycloakUser[]> {
    return this.#call(
      'group members',
      async () => {
        const users = (await this.#client.groups.listMembers({
          id: groupId,
          first: page.first,
          max: page.max,
        })) as RawUser[];
        return users.map(toUser);
      },
      true,
    );
  }

  async #role(clientUuid: string, roleName: string): Promise<{ id: string; name: string }> {
    const role = await this.#client.clients.findRole({ id: clientUuid, roleName });
    if (!role?.id || !role.name) throw new HttpError(404, 'client role not found');
    return { id: role.id, name: role.name };
  }

  grantClientRole(userId: string, clientUuid: string, roleName: string): Promise<void> {
    return this.#call(
      'grant client role',
      async () => {
        const role = await this.#role(clientUuid, roleName);
        await this.#client.users.addClientRoleMappings({
          id: userId,
          clientUniqueId: clientUuid,
          roles: [role],
        });
      },
      false,
    );
  }

  revokeClientRole(userId: string, clientUuid: string, roleName: string): Promise<void> {
    return this.#call(
      'revoke client role',
      async () => {
        const role = await this.#role(clientUuid, roleName);
        await this.#client.users.delClientRoleMappings({
          id: userId,
          clientUniqueId: clientUuid,
          roles: [role],
        });
      },
      false,
    );
  }

  userHasClientRole(userId: string, clientUuid: string, roleName: string): Promise<boolean> {
    return this.#call(
      'effective client roles',
      async () => {
        const path = `/users/${encodeURIComponent(userId)}/role-mappings/clients/${encodeURIComponent(clientUuid)}/composite`;
        const roles = (await this.#getJson(path)) as { name?: string }[];
        return roles.some((r) => r.name === roleName);
      },
      true,
    );
  }

  userSessionIds(userId: string): Promise<string[]> {
    if (!USER_ID.test(userId)) return Promise.resolve([]);
    return this.#call(
      'user sessions',
      async () => {
        try {
          const sessions = (await this.#getJson(`/users/${encodeURIComponent(userId)}/sessions`)) as {
            id?: unknown;
          }[];
          return sessions.flatMap((session) => (typeof session.id === 'string' ? [session.id] : []));
        } catch (error) {
          // A deleted user has no session.
          if (error instanceof HttpError && error.status === 404) return [];
          throw error;
        }
      },
      true,
    );
  }

  userHasRealmRole(userId: string, roleName: string): Promise<boolean> {
    return this.#call(
      'effective realm roles',
      async () => {
        const path = `/users/${encodeURIComponent(userId)}/role-mappings/realm/composite`;
        try {
          const roles = (await this.#getJson(path)) as { name?: string }[];
          return roles.some((r) => r.name === roleName);
        } catch (error) {
          // A deleted user holds no role.
          if (error instanceof HttpError && error.status === 404) return false;
          throw error;
        }
      },
      true,
    );
  }

  findUsers(query: { search: string; first: number; max: number }): Promise<KeycloakUser[]> {
    return this.#call(
      'find users',
      async () => {
        const users = (await this.#client.users.find({
          search: query.search,
          first: query.first,
          max: query.max,
          briefRepresentation: true,
        })) as RawUser[];
        return users.map(toUser);
      },
      true,
    );
  }

  getUser(id: string): Promise<KeycloakUser | undefined> {
    // Only a UUID goes into the path: `.` or `..` would make GET /users/{id} another endpoint (the user list).
    if (!USER_ID.test(id)) return Promise.resolve(undefined);
    return this.#call(
      'get user',
      async () => {
        const user = (await this.#client.users.findOne({ id }, { catchNotFound: true })) as
          RawUser | null | undefined;
        return user ? toUser(user) : undefined;
      },
      true,
    );
  }

  clientLoginEvents(clientId: string, query: LoginEventQuery): Promise<ClientLoginEvent[]> {
    return this.#call(
      'client login events',
      async () => {
        const events = (await this.#client.realms.findEvents({
          realm: this.#options.realm,
          client: clientId,
          type: 'CLIENT_LOGIN',
          max: query.max,
          ...(query.since === undefined ? {} : { dateFrom: String(Math.floor(query.since)) }),
        })) as RawEvent[];
        return events.map((event) => toClientLoginEvent(event, this.#options.rotatedSecretEventDetail));
      },
      true,
    );
  }

  retiredSecretEvents(query: { since: number; max: number }): Promise<RetiredSecretEvent[]> {
    return this.#call(
      'retired secret events',
      async () => {
        const events = (await this.#client.realms.findEvents({
          realm: this.#options.realm,
          type: 'CLIENT_LOGIN_ERROR',
          max: query.max,
          dateFrom: String(Math.floor(query.since)),
        })) as RawEvent[];
        return events.map(toRetiredSecretEvent).filter((event) => event !== undefined);
      },
      true,
    );
  }

  extensionInfo(): Promise<ExtensionInfo> {
    return this.#call(
      'credman extension',
      async () => {
        try {
          return toExtensionInfo(await this.#getJson('/credman/info'));
        } catch (error) {
          if (error instanceof HttpError && error.status === 404) return { present: false };
          throw error;
        }
      },
      true,
    );
  }

  rotationPolicies(): Promise<string[]> {
    return this.#call(
      'client policies',
      async () => {
        const [policies, profiles] = await Promise.all([
          this.#client.clientPolicies.listPolicies({ includeGlobalPolicies: false }),
          this.#client.clientPolicies.listProfiles({ includeGlobalProfiles: false }),
        ]);
        const rotating = new Set(
          (profiles.profiles ?? [])
            .filter((p) => (p.executors ?? []).some((e) => e.executor === 'secret-rotation'))
            .map((p) => p.name),
        );
        return (policies.policies ?? [])
          .filter((p) => p.enabled === true && (p.profiles ?? []).some((name) => rotating.has(name)))
          .map((p) => p.name ?? '');
      },
      true,
    );
  }
}
