// The credential use cases (docs/architecture.md#rotation-protocol): read an application's secrets, create one,
// delete one, sweep expiries. Each mutation runs under the application's lock (one replica), claims the
// application's next revision in Keycloak (all replicas: write-claim.ts), plans the next state with the pure
// rotation functions and writes it in ONE PUT. A writer that loses the claim re-reads and plans again a few
// times, then answers 409 conflict. Authorisation (who may act on which application) is the HTTP layer's; this
// module assumes it was checked.
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
import { KeycloakUnavailableError, MANAGER_ROLE } from '../keycloak/port.ts';
import type { KeycloakClient, KeycloakPort } from '../keycloak/port.ts';
import { KeyedLock } from './keyed-lock.ts';
import { lastUsedBySecret } from './last-used.ts';
import type { LastUse } from './last-used.ts';
import type { Actor, SecretRecord, SecretsDocument } from './metadata.ts';
import { SECRETS_ATTRIBUTE, parseSecretsDocument, serializeSecretsDocument } from './metadata.ts';
import { planCreate, planDelete, planRefresh, planSweep } from './rotation.ts';
import type { AuditEvent, Plan, PlanContext } from './rotation.ts';
import { generateSecretValue } from './secret-generator.ts';
import { readSlots, slotRepresentation } from './slots.ts';
import {
  DEFAULT_CLAIM_LEASE_MS,
  claimNextRevision,
  dropObsoleteClaims,
  releaseClaim,
} from './write-claim.ts';

/**
 * A delete of a secret used more recently than this needs `force` (docs/architecture.md#last-use-per-secret).
 */
export const RECENT_USE_MS = 24 * 60 * 60 * 1000;
/** How long a client seen defining the manager role counts as managed without asking Keycloak again. */
const MANAGED_CACHE_MS = 30_000;
/** Bound on that memory; past it, it simply starts over. */
const MANAGED_CACHE_SIZE = 10_000;
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
  /** How long another writer's claim is respected before it counts as abandoned (write-claim.ts). */
  claimLeaseMs?: number;
  /** Waits before re-trying a mutation whose application another writer is changing. */
  busyRetryDelaysMs?: readonly number[];
  /** Told after a secret was created or deleted (security notices); must neither throw nor block. */
  onSecretChange?: (change: SecretChange) => void;
}

/** A created or deleted secret, as the security notice reports it: never a value, only the hint. */
export interface SecretChange {
  kind: 'created' | 'deleted';
  clientId: string;
  clientUuid: string;
  secret: { id: string; name: string; hint: string; expiresAt: number };
  actor: Actor;
  /** Epoch milliseconds. */
  at: number;
}

/** The outcome of `withApplicationClaim`. */
export type ClaimedWork = 'written' | 'unchanged' | 'busy';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  /** The latest login that used this secret, or may have (see lastUseAmbiguous). */
  lastUsedAt?: string;
  /**
   * With lastUsedAt: true when Keycloak did not say which secret that login used and another secret was live
   * then too, so it may have been the other one.
   */
  lastUseAmbiguous?: boolean;
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

/** The secret was (or may have been) used within RECENT_USE_MS and the caller did not pass `force`. */
export class SecretRecentlyUsedError extends Error {
  override name = 'SecretRecentlyUsedError';
  readonly lastUsedAt: number;
  /** The use is an application login that Keycloak did not attribute to one of the live secrets. */
  readonly ambiguous: boolean;
  constructor(lastUse: LastUse) {
    const at = new Date(lastUse.at).toISOString();
    super(
      lastUse.ambiguous
        ? `An application login at ${at} may have used this secret: Keycloak did not say which of the live secrets was used`
        : `The secret was last used at ${at}`,
    );
    this.lastUsedAt = lastUse.at;
    this.ambiguous = lastUse.ambiguous;
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
  /** Client UUID → when it was last seen defining the manager role (saves one Keycloak call per request). */
  readonly #managedSeenAt = new Map<string, number>();

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
    if (!client) throw new ApplicationNotFoundError(clientId);
    // Whether a client is managed changes only when an operator removes its role in Keycloak, so the answer
    // is kept as long as manager rights are (≤ 30 s: docs/architecture.md#authorisation).
    const now = this.#deps.now();
    const seenAt = this.#managedSeenAt.get(client.id);
    if (seenAt !== undefined && now - seenAt >= 0 && now - seenAt < MANAGED_CACHE_MS) return client;
    if (!(await this.#deps.keycloak.clientHasRole(client.id, MANAGER_ROLE))) {
      this.#managedSeenAt.delete(client.id);
      throw new ApplicationNotFoundError(clientId);
    }
    if (this.#managedSeenAt.size >= MANAGED_CACHE_SIZE) this.#managedSeenAt.clear();
    this.#managedSeenAt.set(client.id, now);
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

  #views(document: SecretsDocument, lastUsed: Map<string, LastUse>): SecretView[] {
    const now = this.#deps.now();
    return document.secrets.map((record) => this.#view(record, now, lastUsed.get(record.id)));
  }

  #view(record: SecretRecord, now: number, lastUse: LastUse | undefined): SecretView {
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
      ...(lastUse !== undefined
        ? { lastUsedAt: new Date(lastUse.at).toISOString(), lastUseAmbiguous: lastUse.ambiguous }
        : {}),
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
    const { client, result } = await this.#mutate(clientId, (client, ctx) => {
      const plan = planCreate(
        parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]),
        readSlots(client),
        { name, expiresAt: toEpochSeconds(expiry.expiresAt), expiresOn: expiry.date, createdBy: actor },
        ctx,
      );
      return Promise.resolve({ plan, result: plan.created });
    });
    // planCreate always plans a write, so a result is there; the check only satisfies the types.
    if (result === undefined) throw new Error('create planned no write');
    this.#announce('created', client, result.record, actor);
    return { secret: this.#view(result.record, this.#deps.now(), undefined), value: result.value };
  }

  async deleteSecret(
    clientId: string,
    secretId: string,
    actor: Actor,
    options: { force: boolean },
  ): Promise<void> {
    const { client, result } = await this.#mutate(clientId, async (client, ctx) => {
      const document = parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]);
      if (!options.force) {
        const events = await this.#deps.keycloak.clientLoginEvents(clientId, LOGIN_EVENTS_READ);
        const lastUsed = lastUsedBySecret(document.secrets, events).get(secretId);
        // A possible use counts: on Keycloak 26.7 that is the only kind, and the rotated secret partners still
        // use is exactly the one this check must protect.
        if (lastUsed !== undefined && this.#deps.now() - lastUsed.at < RECENT_USE_MS)
          throw new SecretRecentlyUsedError(lastUsed);
      }
      const plan = planDelete(document, readSlots(client), secretId, actor, ctx);
      return { plan, result: plan.document.secrets.find((record) => record.id === secretId) };
    });
    if (result) this.#announce('deleted', client, result, actor);
  }

  /** Records expiries and out-of-band changes of one application; false when nothing needed writing. */
  async sweep(clientId: string): Promise<boolean> {
    const { result } = await this.#mutate(clientId, (client, ctx) => {
      const plan = planSweep(
        parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]),
        readSlots(client),
        ctx,
      );
      return Promise.resolve(plan ? { plan, result: true } : undefined);
    });
    return result ?? false;
  }

  /**
   * Adds audit entries that are not about a secret (application created, manager added or removed). Written
   * with the settled slot state under the application's claim, like every other credman write.
   */
  async recordAudit(clientId: string, entries: AuditEntry[]): Promise<void> {
    await this.#mutate(clientId, (client, ctx) => {
      const document = parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]);
      return Promise.resolve({ plan: planRefresh(document, readSlots(client), ctx), result: true, entries });
    });
  }

  /**
   * Holds the application's claim (across replicas) while `work` runs — e.g. sending a reminder — and then
   * writes the attributes `work` returns in one PUT with the settled slot state. `client` is the caller's
   * (possibly older) read; `work` receives a fresh one. 'busy' when another writer holds the claim or wrote
   * since `client` was read; 'unchanged' when `work` returned nothing (the claim is released). If `work`
   * throws, the claim is released and the error rethrown.
   */
  async withApplicationClaim(
    client: KeycloakClient,
    work: (client: KeycloakClient) => Promise<Record<string, string> | undefined>,
  ): Promise<ClaimedWork> {
    return this.#lock.run(client.clientId, async () => {
      const ctx = this.#context();
      const claim = await claimNextRevision(this.#deps.keycloak, client, this.#claimOptions(ctx.writer));
      if (claim.kind === 'busy') return 'busy';
      const release = () =>
        releaseClaim(this.#deps.keycloak, client.id, claim.revision).catch(() => undefined);
      let attributes: Record<string, string> | undefined;
      let fresh: KeycloakClient | undefined;
      try {
        fresh = await this.#deps.keycloak.getClient(client.id);
        attributes = fresh ? await work(fresh) : undefined;
      } catch (error) {
        await release();
        throw error;
      }
      if (!fresh || !attributes) {
        await release();
        return 'unchanged';
      }
      const document = parseSecretsDocument(fresh.attributes[SECRETS_ATTRIBUTE]);
      await this.#write(fresh, planRefresh(document, readSlots(fresh), ctx), claim, [], attributes);
      return 'written';
    });
  }

  #claimOptions(writer: string) {
    return { writer, now: this.#deps.now, leaseMs: this.#deps.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS };
  }

  #announce(kind: SecretChange['kind'], client: KeycloakClient, record: SecretRecord, actor: Actor): void {
    const listener = this.#deps.onSecretChange;
    if (!listener) return;
    try {
      listener({
        kind,
        clientId: client.clientId,
        clientUuid: client.id,
        secret: { id: record.id, name: record.name, hint: record.hint, expiresAt: record.expiresAt },
        actor,
        at: this.#deps.now(),
      });
    } catch {
      // A notice is a courtesy: it never undoes or fails a change that already happened.
    }
  }

  /**
   * One mutation under the application's lock: read, plan, claim the next revision, write. Losing the claim
   * to another replica means planning again from a fresh read; after the retries, 409 conflict.
   */
  async #mutate<T>(
    clientId: string,
    step: (
      client: KeycloakClient,
      ctx: PlanContext,
    ) => Promise<{ plan: Plan; result: T; entries?: AuditEntry[] } | undefined>,
  ): Promise<{ client: KeycloakClient; result: T | undefined }> {
    return this.#lock.run(clientId, async () => {
      const delays = this.#deps.busyRetryDelaysMs ?? [50, 200, 500];
      for (let attempt = 0; ; attempt++) {
        const client = await this.#managedClient(clientId);
        const ctx = this.#context();
        const planned = await step(client, ctx);
        if (!planned) return { client, result: undefined };
        const claim = await claimNextRevision(this.#deps.keycloak, client, this.#claimOptions(ctx.writer));
        if (claim.kind === 'claimed') {
          await this.#write(client, planned.plan, claim, planned.entries ?? []);
          return { client, result: planned.result };
        }
        const delay = delays[attempt];
        if (delay === undefined) throw new ConcurrentChangeError(clientId);
        // A stale read is fixed by reading again at once; a claim being held needs its writer to finish.
        if (claim.reason === 'held') await sleep(delay);
      }
    });
  }

  /**
   * The claimed write: ONE PUT with the slots, the secrets document (at the claimed revision), the audit trail
   * and any extra credman attributes. If the PUT fails in a way that shows it did not happen, the claim is
   * released; if it may still land (a timeout), the claim stays until its lease ends, so nobody writes over it.
   */
  async #write(
    client: KeycloakClient,
    plan: Plan,
    claim: { revision: number; obsolete: number[] },
    extraAudit: AuditEntry[],
    extraAttributes: Record<string, string> = {},
  ): Promise<void> {
    const slots = slotRepresentation(plan.slots);
    const document = { ...plan.document, revision: claim.revision };
    const audit = appendAudit(parseAuditTrail(client.attributes[AUDIT_ATTRIBUTE]), [
      ...plan.events.map(toAuditEntry),
      ...extraAudit,
    ]);
    const keycloak = this.#deps.keycloak;
    try {
      await keycloak.updateClient(client, {
        secret: slots.secret,
        attributes: {
          ...extraAttributes,
          ...slots.attributes,
          [SECRETS_ATTRIBUTE]: serializeSecretsDocument(document),
          [AUDIT_ATTRIBUTE]: serializeAuditTrail(audit),
        },
      });
    } catch (error) {
      if (!(error instanceof KeycloakUnavailableError && error.mayStillLand)) {
        // Finished without effect (or with one Keycloak shows): find out which before giving the claim up.
        const landed = await this.#landed(client.id, document.writer);
        if (landed === false) await releaseClaim(keycloak, client.id, claim.revision).catch(() => undefined);
        if (landed === true) {
          await dropObsoleteClaims(keycloak, client.id, claim.obsolete);
          return;
        }
      }
      throw error;
    }
    await dropObsoleteClaims(keycloak, client.id, claim.obsolete);
  }

  /** Whether the write by `writer` is what Keycloak now holds; undefined when Keycloak cannot tell us. */
  async #landed(clientUuid: string, writer: string): Promise<boolean | undefined> {
    try {
      const after = await this.#deps.keycloak.getClient(clientUuid);
      if (!after) return false;
      return parseSecretsDocument(after.attributes[SECRETS_ATTRIBUTE]).writer === writer;
    } catch {
      return undefined;
    }
  }

  async audit(clientId: string): Promise<AuditEntry[]> {
    const client = await this.#managedClient(clientId);
    return parseAuditTrail(client.attributes[AUDIT_ATTRIBUTE]);
  }
}
