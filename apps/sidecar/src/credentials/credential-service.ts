// The credential use cases of design §5–§6: read an application's secrets, create one, delete one, sweep
// expiries. Each mutation runs under the application's lock, plans the next state with the pure rotation
// functions, writes it in ONE PUT and re-reads to detect a concurrent writer (409 conflict). Authorisation
// (who may act on which application) is the HTTP layer's; this module assumes it was checked.
import { randomUUID } from 'node:crypto';
import {
  parseApplicationName,
  secretStatus,
  validateExpiryDate,
  validateSecretName,
  toEpochSeconds,
} from '@credman/domain';
import type { ApiCatalogue, ExpiryPolicy, ParsedApplicationName, SecretStatus } from '@credman/domain';
import { AUDIT_ATTRIBUTE, appendAudit, parseAuditTrail, serializeAuditTrail } from '../audit/audit-trail.ts';
import type { AuditEntry } from '../audit/audit-trail.ts';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import type { KeycloakClient, KeycloakPort } from '../keycloak/port.ts';
import { KeyedLock } from './keyed-lock.ts';
import { lastUsedBySecret } from './last-used.ts';
import type { Actor, SecretRecord, SecretsDocument } from './metadata.ts';
import { SECRETS_ATTRIBUTE, parseSecretsDocument, serializeSecretsDocument } from './metadata.ts';
import { planCreate, planDelete, planRefresh, planSweep } from './rotation.ts';
import type { AuditEvent, Plan, PlanContext } from './rotation.ts';
import { generateSecretValue } from './secret-generator.ts';
import { readSlots, slotRepresentation } from './slots.ts';

/** A delete of a secret used more recently than this needs `force` (issue 4 item 6). */
export const RECENT_USE_MS = 24 * 60 * 60 * 1000;
/** How many CLIENT_LOGIN events are read to find each slot's last use. */
const LOGIN_EVENTS_READ = 100;

export interface CredentialServiceConfig {
  zone: string;
  maxValidityDays?: number;
  catalogue: ApiCatalogue;
}

export interface CredentialServiceDeps {
  keycloak: KeycloakPort;
  /** Current time, epoch milliseconds. */
  now: () => number;
  config: CredentialServiceConfig;
  generateSecret?: () => string;
  newId?: () => string;
  lock?: KeyedLock;
}

export interface SecretView {
  id: string;
  name: string;
  hint: string;
  createdAt: string;
  createdBy: { id: string; username: string; name: string };
  expiresAt: string;
  expiresOn: string;
  status: SecretStatus | 'lost';
  endedAt?: string;
  lastUsedAt?: string;
}

export interface ApplicationSummary {
  clientId: string;
  name: ParsedApplicationName;
  description: string | undefined;
  liveSecrets: number;
  /** The live secret that expires first, if any. */
  nearestExpiry: { expiresAt: string; status: SecretStatus } | undefined;
}

export interface ApplicationDetail extends ApplicationSummary {
  /** API permission scopes assigned to the application (default client scopes from the catalogue). */
  permissions: string[];
  secrets: SecretView[];
}

/** Page size of the application scan: Keycloak's list calls stay at ⌈N/100⌉ for N applications. */
export const APPLICATION_SCAN_PAGE = 100;

/** A validation problem of one request field; the HTTP layer turns these into a 400 problem. */
export class CredentialValidationError extends Error {
  override name = 'CredentialValidationError';
  readonly fields: { field: string; reason: string; message: string }[];
  constructor(fields: { field: string; reason: string; message: string }[]) {
    super(fields.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.fields = fields;
  }
}

export class ApplicationNotFoundError extends Error {
  override name = 'ApplicationNotFoundError';
}

/** Another writer changed the application between this request's read and write. */
export class ConcurrentChangeError extends Error {
  override name = 'ConcurrentChangeError';
}

/** The secret was used within RECENT_USE_MS and the caller did not pass `force`. */
export class SecretRecentlyUsedError extends Error {
  override name = 'SecretRecentlyUsedError';
  readonly lastUsedAt: number;
  constructor(lastUsedAt: number) {
    super(`The secret was last used at ${new Date(lastUsedAt).toISOString()}`);
    this.lastUsedAt = lastUsedAt;
  }
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function toAuditEntry(event: AuditEvent): AuditEntry {
  return {
    at: event.at,
    action: event.action,
    ...(event.actor ? { actor: event.actor } : {}),
    secret: { id: event.secretId, name: event.secretName, hint: event.hint },
  };
}

export class CredentialService {
  readonly #deps: CredentialServiceDeps;
  readonly #lock: KeyedLock;

  constructor(deps: CredentialServiceDeps) {
    this.#deps = deps;
    this.#lock = deps.lock ?? new KeyedLock();
  }

  #context(): PlanContext {
    return {
      now: toEpochSeconds(this.#deps.now()),
      writer: randomUUID(),
      newId: this.#deps.newId ?? randomUUID,
      generateSecret: this.#deps.generateSecret ?? generateSecretValue,
    };
  }

  /** A managed application: named by the convention and defining the credential-manager role. */
  async #managedClient(clientId: string): Promise<KeycloakClient> {
    if (!parseApplicationName(clientId, this.#deps.config.catalogue).ok)
      throw new ApplicationNotFoundError(clientId);
    const client = await this.#deps.keycloak.findClientByClientId(clientId);
    if (!client || !(await this.#deps.keycloak.clientHasRole(client.id, MANAGER_ROLE)))
      throw new ApplicationNotFoundError(clientId);
    return client;
  }

  /** The secrets of one application with their status and, when events are on, their last use. */
  async secrets(clientId: string): Promise<SecretView[]> {
    return (await this.application(clientId)).secrets;
  }

  /** One application as its page shows it. */
  async application(clientId: string): Promise<ApplicationDetail> {
    const client = await this.#managedClient(clientId);
    const document = parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]);
    // Without view-events or with events off there is simply no "last used"; the page still works.
    const events = await this.#deps.keycloak.clientLoginEvents(clientId, LOGIN_EVENTS_READ).catch(() => []);
    const summary = this.#summary(client);
    if (!summary) throw new ApplicationNotFoundError(clientId);
    const catalogueScopes = new Set(
      this.#deps.config.catalogue.flatMap((api) => [api.scopes.production, api.scopes.sandbox]),
    );
    return {
      ...summary,
      permissions: client.defaultClientScopes.filter((scope) => catalogueScopes.has(scope)),
      secrets: this.#views(document, lastUsedBySecret(document.secrets, events)),
    };
  }

  /**
   * The applications a caller may see, in clientId order: one paged scan of clients whose clientId contains
   * `search` (default "Partner", which every convention name contains), kept when the name follows the
   * convention and `visible` says so.
   */
  async listApplications(options: {
    search?: string;
    visible: (clientId: string) => boolean;
  }): Promise<ApplicationSummary[]> {
    const search = options.search?.trim() ? options.search.trim() : 'Partner';
    const result: ApplicationSummary[] = [];
    for (let first = 0; ; first += APPLICATION_SCAN_PAGE) {
      const page = await this.#deps.keycloak.searchClients({ search, first, max: APPLICATION_SCAN_PAGE });
      for (const client of page) {
        if (!options.visible(client.clientId)) continue;
        const summary = this.#summary(client);
        if (summary) result.push(summary);
      }
      if (page.length < APPLICATION_SCAN_PAGE) return result;
    }
  }

  #summary(client: KeycloakClient): ApplicationSummary | undefined {
    const parsed = parseApplicationName(client.clientId, this.#deps.config.catalogue);
    if (!parsed.ok) return undefined;
    let document: SecretsDocument;
    try {
      document = parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]);
    } catch {
      document = { schema: 1, revision: 0, writer: '', secrets: [] };
    }
    const now = this.#deps.now();
    const live = document.secrets
      .filter((record) => record.state === 'live' && Math.floor(now / 1000) <= record.expiresAt)
      .sort((a, b) => a.expiresAt - b.expiresAt);
    const nearest = live[0];
    return {
      clientId: client.clientId,
      name: parsed.value,
      description: client.description,
      liveSecrets: live.length,
      nearestExpiry: nearest
        ? {
            expiresAt: iso(nearest.expiresAt),
            status: secretStatus({ expiresAt: nearest.expiresAt * 1000 }, now, this.#deps.config.zone),
          }
        : undefined,
    };
  }

  #views(document: SecretsDocument, lastUsed: Map<string, number>): SecretView[] {
    const now = this.#deps.now();
    return document.secrets.map((record) => this.#view(record, now, lastUsed.get(record.id)));
  }

  #view(record: SecretRecord, now: number, lastUsedAt: number | undefined): SecretView {
    const status: SecretView['status'] =
      record.state === 'lost'
        ? 'lost'
        : record.state === 'deleted'
          ? 'deleted'
          : secretStatus({ expiresAt: record.expiresAt * 1000 }, now, this.#deps.config.zone);
    return {
      id: record.id,
      name: record.name,
      hint: record.hint,
      createdAt: iso(record.createdAt),
      createdBy: {
        id: record.createdBy.id,
        username: record.createdBy.username,
        name: record.createdBy.name,
      },
      expiresAt: iso(record.expiresAt),
      expiresOn: record.expiresOn,
      status,
      ...(record.endedAt !== undefined ? { endedAt: iso(record.endedAt) } : {}),
      ...(lastUsedAt !== undefined ? { lastUsedAt: new Date(lastUsedAt).toISOString() } : {}),
    };
  }

  /** Validates a create request against the domain rules; returns the trimmed name and the expiry. */
  #validateCreate(input: { name: unknown; expiresOn: unknown }) {
    const fields: CredentialValidationError['fields'] = [];
    const name = typeof input.name === 'string' ? validateSecretName(input.name) : undefined;
    if (!name) fields.push({ field: 'name', reason: 'required', message: 'A name is required' });
    else if (!name.ok)
      fields.push(...name.errors.map((e) => ({ field: 'name', reason: e.reason, message: e.message })));
    const policy: ExpiryPolicy = {
      zone: this.#deps.config.zone,
      ...(this.#deps.config.maxValidityDays !== undefined
        ? { maxValidityDays: this.#deps.config.maxValidityDays }
        : {}),
    };
    const expiry =
      typeof input.expiresOn === 'string'
        ? validateExpiryDate(input.expiresOn, this.#deps.now(), policy)
        : undefined;
    if (!expiry)
      fields.push({ field: 'expiresOn', reason: 'required', message: 'An expiry date is required' });
    else if (!expiry.ok)
      fields.push(
        ...expiry.errors.map((e) => ({ field: 'expiresOn', reason: e.reason, message: e.message })),
      );
    if (!name?.ok || !expiry?.ok || fields.length > 0) throw new CredentialValidationError(fields);
    return { name: name.value, expiry: expiry.value };
  }

  /** Creates a secret; the only place its value leaves Keycloak is this method's result. */
  async createSecret(
    clientId: string,
    input: { name: unknown; expiresOn: unknown },
    actor: Actor,
  ): Promise<{ secret: SecretView; value: string }> {
    const { name, expiry } = this.#validateCreate(input);
    return this.#lock.run(clientId, async () => {
      const client = await this.#managedClient(clientId);
      const ctx = this.#context();
      const plan = planCreate(
        parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]),
        readSlots(client),
        { name, expiresAt: toEpochSeconds(expiry.expiresAt), expiresOn: expiry.date, createdBy: actor },
        ctx,
      );
      await this.#write(client, plan);
      return {
        secret: this.#view(plan.created.record, this.#deps.now(), undefined),
        value: plan.created.value,
      };
    });
  }

  async deleteSecret(
    clientId: string,
    secretId: string,
    actor: Actor,
    options: { force: boolean },
  ): Promise<void> {
    await this.#lock.run(clientId, async () => {
      const client = await this.#managedClient(clientId);
      const document = parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]);
      if (!options.force) {
        const events = await this.#deps.keycloak.clientLoginEvents(clientId, LOGIN_EVENTS_READ);
        const lastUsed = lastUsedBySecret(document.secrets, events).get(secretId);
        if (lastUsed !== undefined && this.#deps.now() - lastUsed < RECENT_USE_MS)
          throw new SecretRecentlyUsedError(lastUsed);
      }
      await this.#write(client, planDelete(document, readSlots(client), secretId, actor, this.#context()));
    });
  }

  /** Records expiries and out-of-band changes of one application; false when nothing needed writing. */
  async sweep(clientId: string): Promise<boolean> {
    return this.#lock.run(clientId, async () => {
      const client = await this.#managedClient(clientId);
      const plan = planSweep(
        parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]),
        readSlots(client),
        this.#context(),
      );
      if (!plan) return false;
      await this.#write(client, plan);
      return true;
    });
  }

  /**
   * Adds audit entries that are not about a secret (application created, manager added or removed). Written
   * with the settled slot state under the application's lock, like every other credman write.
   */
  async recordAudit(clientId: string, entries: AuditEntry[]): Promise<void> {
    await this.#lock.run(clientId, async () => {
      const client = await this.#managedClient(clientId);
      const document = parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]);
      await this.#write(client, planRefresh(document, readSlots(client), this.#context()), entries);
    });
  }

  async audit(clientId: string): Promise<AuditEntry[]> {
    const client = await this.#managedClient(clientId);
    return parseAuditTrail(client.attributes[AUDIT_ATTRIBUTE]);
  }

  /** One PUT with the slots, the secrets document and the audit trail; then a re-read that must show ours. */
  async #write(client: KeycloakClient, plan: Plan, extraAudit: AuditEntry[] = []): Promise<void> {
    const slots = slotRepresentation(plan.slots);
    const audit = appendAudit(parseAuditTrail(client.attributes[AUDIT_ATTRIBUTE]), [
      ...plan.events.map(toAuditEntry),
      ...extraAudit,
    ]);
    await this.#deps.keycloak.updateClient(client, {
      secret: slots.secret,
      attributes: {
        ...slots.attributes,
        [SECRETS_ATTRIBUTE]: serializeSecretsDocument(plan.document),
        [AUDIT_ATTRIBUTE]: serializeAuditTrail(audit),
      },
    });
    const after = await this.#deps.keycloak.getClient(client.id);
    const written = after ? parseSecretsDocument(after.attributes[SECRETS_ATTRIBUTE]) : undefined;
    if (written?.writer !== plan.document.writer || after?.secret !== slots.secret)
      throw new ConcurrentChangeError(client.clientId);
  }
}
