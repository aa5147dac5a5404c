// The credential use cases (docs/architecture.md#rotation-protocol): list applications (application-list.ts),
// read an application's secrets, create one (create-secret.ts), delete one, sweep expiries, record audit entries
// and reminder ledgers. Each change is planned by the pure rotation functions and written by the application
// store (store/application-store.ts) in ONE PUT under the application's lock and revision claim. Authorisation
// (who may act on which application) is the HTTP layer's; this module assumes it was checked.
import { randomUUID } from 'node:crypto';
import { epochMillis, parseApplicationName, toSeconds } from '@credman/domain';
import type { ApiCatalogue } from '@credman/domain';
import { compactionTarget } from '../store/records/audit-trail.ts';
import type { AuditBounds, AuditEntry } from '../store/records/audit-trail.ts';
import type { KeycloakPort } from '../keycloak/port.ts';
import type { Logger } from '../logging.ts';
import type { ReminderLedger } from '../store/records/ledger.ts';
import { dueOfChange, expectedDue, hasRetiredToDrop, storedDue } from '../store/application.ts';
import type { ApplicationChange, StoredApplication } from '../store/application.ts';
import { ApplicationStore } from '../store/application-store.ts';
import type {
  ApplicationView,
  ClaimedRecords,
  ClaimedWork,
  RecordsBatchOutcome,
} from '../store/application-store.ts';
import { listApplications } from './application-list.ts';
import type { ApplicationListPage, ApplicationListQuery } from './application-list.ts';
import { refuseLookAlikeName, validateEditInput } from './create-input.ts';
import { createSecret } from './create-secret.ts';
import { changeOf } from './plan-change.ts';
import { SecretNotFoundError, SecretRecentlyUsedError } from './errors.ts';
import { ApplicationNotFoundError } from '../store/errors.ts';
import type { KeyedLock } from '../store/keyed-lock.ts';
import { lastUsedBySecret, usageBySecret } from './last-used.ts';
import type { LastUseAttribution } from '../keycloak/extension-status.ts';
import { dueEntryStale } from '../store/due-attribute.ts';
import type { NextDueRule } from '../store/due-attribute.ts';
import { digestSecret } from '../store/records/retired-secrets.ts';
import { absorbRetiredEvents, dueReport, markReported, reportAuditEntry } from './retired-use.ts';
import type { RetiredUseReport } from './retired-use.ts';
import type { RetiredSecretEvent } from '../keycloak/port.ts';
import type { Actor, SecretRecord } from '../store/records/secrets.ts';
import { announceSecretChange, editAuditEntry } from './notices.ts';
import type { SecretChange, SecretChangeListener } from './notices.ts';
import { planDelete, planRefresh, planRemoveUndelivered, planSweep } from './rotation.ts';
import type { PlanContext } from './rotation.ts';
import { planConfirmUse, planEdit } from './secret-edit.ts';
import type { PlannedEdit } from './secret-edit.ts';
import { generateSecretValue } from './secret-generator.ts';
import { UNDELIVERED_MARK_WINDOW_MS, UndeliveredSecrets } from './undelivered.ts';
import type { MarkInspection } from './undelivered.ts';
import { applicationSummary, secretView } from './views.ts';
import type { ApplicationDetail, SecretView, ViewClock } from './views.ts';

// The events and views callers of the service handle, importable from the service itself (its errors are in
// errors.ts).
export type { ClaimedWork } from '../store/application-store.ts';
export type { SecretChange } from './notices.ts';
export type { ApplicationDetail, ApplicationSummary, SecretView } from './views.ts';

/**
 * A delete of a secret used more recently than this needs `force` (docs/architecture.md#last-use-per-secret).
 */
export const RECENT_USE_MS = 24 * 60 * 60_000;
/**
 * The bound of one read of an application's CLIENT_LOGIN events (docs/operations.md): the last 7 days, at most
 * this many, newest first, in ONE Keycloak call. An application with more shows its counts as lower bounds.
 */
export const LOGIN_EVENTS_READ = 500;
/** How far back usage is read: the "last 7 days" of a secret's usage. */
export const USAGE_WINDOW_MS = 7 * 24 * 60 * 60_000;

export interface CredentialServiceConfig {
  zone: string;
  maxValidityDays?: number | undefined;
  catalogue: ApiCatalogue;
}

export interface CredentialServiceDeps {
  keycloak: KeycloakPort;
  /** Current time, epoch milliseconds. */
  now: () => number;
  config: CredentialServiceConfig;
  /**
   * When an application's records are next due (reminders/next-due.ts's nextDueAt): written with every change
   * as the due index. Given, not imported: the schedule belongs to the reminders, a layer above.
   */
  nextDueAt: NextDueRule;
  /** Where a damaged application is reported (docs/architecture.md#damaged-metadata). */
  logger?: Logger;
  generateSecret?: (() => string) | undefined;
  newId?: () => string;
  lock?: KeyedLock | undefined;
  /** How long another writer's claim is respected before it counts as abandoned (store/write-claim.ts). */
  claimLeaseMs?: number | undefined;
  /** Waits before re-trying a mutation whose application another writer is changing. */
  busyRetryDelaysMs?: readonly number[] | undefined;
  /** The stored audit trail's bounds (store/records/audit-trail.ts); the defaults unless a test needs small ones. */
  auditBounds?: AuditBounds | undefined;
  /** Told after a secret was created or deleted (security notices); must neither throw nor block. */
  onSecretChange?: SecretChangeListener | undefined;
  /** Told when a write finds its application's next revision claimed (metrics). */
  onClaimConflict?: (reason: 'stale-read' | 'held') => void;
  /**
   * The application store, built once by the wiring (main.ts) and shared with the operator use cases (one
   * cache of managed clients); built from these deps when absent (createApplicationStore).
   */
  store?: ApplicationStore;
  /**
   * Where "which secret a login used" comes from (keycloak/extension-status.ts); absent: nowhere (stock 26.7).
   */
  lastUseAttribution?: () => Promise<LastUseAttribution>;
}

/** A wrong `credman.due` a sweep replaced: the stored text ('' when absent) and the written one. */
export interface DueFix {
  clientId: string;
  old: string;
  new: string;
}

interface SweepWrite {
  removed: SecretRecord | undefined;
  fix: DueFix | undefined;
}

/** The application store the service's writes need: its due index rule and window come from the same deps. */
export function createApplicationStore(deps: Omit<CredentialServiceDeps, 'store'>): ApplicationStore {
  return new ApplicationStore({
    keycloak: deps.keycloak,
    catalogue: deps.config.catalogue,
    now: deps.now,
    due: {
      rule: deps.nextDueAt,
      zone: deps.config.zone,
      undeliveredWindowMs: deps.claimLeaseMs ?? UNDELIVERED_MARK_WINDOW_MS,
    },
    logger: deps.logger,
    lock: deps.lock,
    claimLeaseMs: deps.claimLeaseMs,
    busyRetryDelaysMs: deps.busyRetryDelaysMs,
    auditBounds: deps.auditBounds,
    onClaimConflict: deps.onClaimConflict,
  });
}

export class CredentialService {
  readonly #deps: CredentialServiceDeps;
  /** The store of the applications (deps.store, or one of its own). */
  readonly applications: ApplicationStore;
  readonly #undelivered: UndeliveredSecrets;

  constructor(deps: CredentialServiceDeps) {
    this.#deps = deps;
    // The window is the claim lease (credentials/undelivered.ts), the service's own when it has one.
    this.#undelivered = new UndeliveredSecrets(deps.keycloak, deps.now, deps.claimLeaseMs);
    this.applications = deps.store ?? createApplicationStore(deps);
  }

  #context(writer: string): PlanContext {
    return {
      now: toSeconds(this.#deps.now()),
      writer,
      newId: this.#deps.newId ?? randomUUID,
      generateSecret: this.#deps.generateSecret ?? generateSecretValue,
      digest: digestSecret,
    };
  }

  #clock(): ViewClock {
    return { now: epochMillis(this.#deps.now()), zone: this.#deps.config.zone };
  }

  /** The secrets of one application with their status and, when events are on, their last use. */
  async secrets(clientId: string): Promise<SecretView[]> {
    return (await this.application(clientId)).secrets;
  }

  /** One application as its page shows it. */
  async application(clientId: string): Promise<ApplicationDetail> {
    let application = await this.applications.view(clientId);
    if (await this.#removeUndeliveredOnRead(application))
      application = await this.applications.view(clientId);
    // Without view-events or with events off there is simply no "last used"; the page still works.
    const now = this.#deps.now();
    const [events, attribution] = await Promise.all([
      this.#deps.keycloak
        .clientLoginEvents(clientId, { max: LOGIN_EVENTS_READ, since: now - USAGE_WINDOW_MS })
        .catch(() => []),
      this.#deps.lastUseAttribution?.().catch(() => 'none' as const) ?? Promise.resolve('none' as const),
    ]);
    const { catalogue } = this.#deps.config;
    const name = parseApplicationName(clientId, catalogue);
    // The store only returns convention-named clients; the check satisfies the types.
    if (!name.ok) throw new ApplicationNotFoundError(clientId);
    const catalogueScopes = new Set(catalogue.flatMap((api) => [api.scopes.production, api.scopes.sandbox]));
    const clock = this.#clock();
    const usage = usageBySecret(application.secrets.secrets, events, now);
    const truncated = events.length >= LOGIN_EVENTS_READ;
    return {
      ...applicationSummary(name.value, application, clock),
      permissions: application.defaultClientScopes.filter((scope) => catalogueScopes.has(scope)),
      secrets: application.secrets.secrets.map((record) =>
        secretView(record, clock, usage.get(record.id), { truncated }),
      ),
      lastUseAttribution: attribution,
    };
  }

  /** A page of the applications a caller may see (credentials/application-list.ts). */
  listApplications(query: ApplicationListQuery): Promise<ApplicationListPage> {
    return listApplications(this.applications, this.#clock(), query);
  }

  /** Creates a secret (create-secret.ts); the only place its value leaves Keycloak is this method's result. */
  createSecret(
    clientId: string,
    input: { name: unknown; notes?: unknown; expiresOn: unknown },
    actor: Actor,
  ): Promise<{ secret: SecretView; value: string }> {
    return createSecret(
      {
        store: this.applications,
        undelivered: this.#undelivered,
        config: this.#deps.config,
        now: this.#deps.now,
        context: (writer) => this.#context(writer),
        clock: () => this.#clock(),
        onSecretChange: this.#deps.onSecretChange,
      },
      clientId,
      input,
      actor,
    );
  }

  async deleteSecret(
    clientId: string,
    secretId: string,
    actor: Actor,
    options: { force: boolean },
  ): Promise<void> {
    const { application, result } = await this.applications.mutate(clientId, async (stored, writer) => {
      if (!options.force) await this.#refuseRecentlyUsed(clientId, stored, secretId);
      const plan = planDelete(stored.secrets, stored.slots, secretId, actor, this.#context(writer));
      return {
        change: changeOf(plan),
        result: plan.document.secrets.find((record) => record.id === secretId),
      };
    });
    if (result) this.#announce('deleted', application, result, actor);
  }

  /**
   * Changes a live secret's name or notes (docs/architecture.md#editing-secrets-and-applications): audited as
   * `edited` and told to the other managers; an edit that changes nothing writes nothing. An edit compacted into
   * the same person's entry of the day (docs/architecture.md#audit-retention) is not mailed again: the first
   * one was, and the trail counts the rest, so a rename loop cannot flood the other managers' mailboxes.
   */
  async updateSecret(
    clientId: string,
    secretId: string,
    input: { name?: unknown; notes?: unknown },
    actor: Actor,
  ): Promise<SecretView> {
    const edit = validateEditInput(input);
    let planned: PlannedEdit | undefined;
    // The result: whether the edit's entry is compacted into an earlier one (so not mailed again).
    const { application, result: compacted } = await this.applications.mutate(clientId, (stored, writer) => {
      const ctx = this.#context(writer);
      if (edit.name !== undefined) refuseLookAlikeName(edit.name, stored.secrets.secrets, secretId);
      planned = planEdit(stored.secrets, stored.slots, secretId, edit, ctx);
      if (!planned.plan) return Promise.resolve(undefined);
      const { after, changed } = planned;
      const entry = changed.length > 0 ? editAuditEntry(ctx.now, actor, after, changed) : undefined;
      return Promise.resolve({
        change: changeOf(planned.plan, entry ? [entry] : []),
        result: entry !== undefined && compactionTarget(stored.audit, entry) !== undefined,
      });
    });
    // mutate always runs the plan once it has read the application; the check only satisfies the types.
    if (!planned) throw new Error('edit planned nothing');
    const { before, after, changed } = planned;
    if (changed.length > 0 && compacted !== true)
      this.#announce('edited', application, after, actor, { previousName: before.name, changed });
    return secretView(after, this.#clock(), undefined);
  }

  /**
   * A manager confirms that the application's systems use this live secret: the rotation guide's "confirm"
   * step when Keycloak cannot say which secret a login used (docs/architecture.md#last-use-per-secret). Audited
   * `use-confirmed`; confirming again changes nothing.
   */
  async confirmUse(clientId: string, secretId: string, actor: Actor): Promise<SecretView> {
    let confirmed: SecretRecord | undefined;
    await this.applications.mutate(clientId, (stored, writer) => {
      const ctx = this.#context(writer);
      const planned = planConfirmUse(stored.secrets, stored.slots, secretId, actor, ctx);
      confirmed = planned.record;
      // Confirmed before: nothing to write, unless a settlement (an expiry) is due anyway.
      if (!planned.changed && planned.plan.events.length === 0) return Promise.resolve(undefined);
      const entries: AuditEntry[] = planned.changed
        ? [
            {
              at: ctx.now,
              action: 'use-confirmed',
              actor,
              secret: { id: planned.record.id, name: planned.record.name, hint: planned.record.hint },
            },
          ]
        : [];
      return Promise.resolve({ change: changeOf(planned.plan, entries), result: true });
    });
    const result = confirmed;
    if (!result) throw new SecretNotFoundError(secretId);
    return secretView(result, this.#clock(), undefined);
  }

  async #refuseRecentlyUsed(clientId: string, stored: StoredApplication, secretId: string): Promise<void> {
    const since = this.#deps.now() - RECENT_USE_MS;
    const events = await this.#deps.keycloak.clientLoginEvents(clientId, { max: LOGIN_EVENTS_READ, since });
    const lastUsed = lastUsedBySecret(stored.secrets.secrets, events).get(secretId);
    // A possible use counts: on Keycloak 26.7 that is the only kind, and the rotated secret partners still
    // use is exactly the one this check must protect.
    if (lastUsed !== undefined && this.#deps.now() - lastUsed.at < RECENT_USE_MS)
      throw new SecretRecentlyUsedError(lastUsed);
  }

  /**
   * Records expiries and out-of-band changes of one application, removes a secret nobody received and drops
   * stale undelivered marks; false when nothing needed writing. With `reindex` (the due index is in use:
   * reminders/next-due.ts, stored as store/due-attribute.ts says) it also writes when only `credman.due` is wrong or an expired retired digest is
   * left to prune, and tells `onDueFixed` of each wrong entry it replaced.
   */
  async sweep(
    clientId: string,
    options: { reindex?: boolean; onDueFixed?: (fix: DueFix) => void } = {},
  ): Promise<boolean> {
    let inspection: MarkInspection | undefined;
    const { application, result } = await this.applications.mutate<SweepWrite>(
      clientId,
      async (stored, writer) => {
        inspection = await this.#undelivered.inspect(stored);
        const removal = inspection.found && this.#planUndeliveredRemoval(stored, inspection.found.id, writer);
        const plan = removal
          ? removal
          : (planSweep(stored.secrets, stored.slots, this.#context(writer)) ??
            (options.reindex && this.#indexNeedsWrite(stored)
              ? planRefresh(stored.secrets, stored.slots, this.#context(writer))
              : undefined));
        if (!plan) return undefined;
        const change = changeOf(plan);
        const fix = options.reindex ? this.#dueFix(stored, change) : undefined;
        return { change, result: { removed: removal?.deleted, fix } };
      },
    );
    if (inspection?.found) await this.#undeliveredRemoved(application, inspection.found, result?.removed);
    for (const secretId of inspection?.stale ?? []) await this.#undelivered.forget(application.id, secretId);
    if (result?.fix && options.reindex) options.onDueFixed?.(result.fix);
    return result !== undefined;
  }

  /** The due index entry is wrong for the records, or a retired digest waits to be pruned. */
  #indexNeedsWrite(stored: StoredApplication): boolean {
    const now = this.#deps.now();
    const settings = this.applications.dueSettings;
    return (
      hasRetiredToDrop(stored, now) ||
      dueEntryStale(storedDue(stored), expectedDue(stored, now, settings), now)
    );
  }

  /** The replaced entry when it was wrong for the records as read (what the write fixes). */
  #dueFix(stored: StoredApplication, change: ApplicationChange): DueFix | undefined {
    const now = this.#deps.now();
    const settings = this.applications.dueSettings;
    const old = storedDue(stored);
    if (!dueEntryStale(old, expectedDue(stored, now, settings), now)) return undefined;
    return {
      clientId: stored.clientId,
      old: old ?? '',
      new: dueOfChange(stored, change, now, settings) ?? '',
    };
  }

  /**
   * Removes a live secret nobody received, if the application has one (docs/architecture.md#writes-that-land-late).
   * On a read a failure only logs: the read still answers and the sweeper tries again.
   */
  async #removeUndeliveredOnRead(application: ApplicationView): Promise<boolean> {
    try {
      const found = await this.#undelivered.find(application);
      if (!found) return false;
      const { application: after, result } = await this.applications.mutate(
        application.clientId,
        (stored, writer) => {
          const removal = this.#planUndeliveredRemoval(stored, found.id, writer);
          return Promise.resolve(removal && { change: changeOf(removal), result: removal.deleted });
        },
      );
      await this.#undeliveredRemoved(after, found, result);
      return true;
    } catch (error) {
      this.#deps.logger?.warn(
        { err: error, clientId: application.clientId },
        'undelivered secret not removed yet',
      );
      return false;
    }
  }

  /** The removal plan; undefined when the secret is no longer live (someone else removed it). */
  #planUndeliveredRemoval(stored: StoredApplication, secretId: string, writer: string) {
    try {
      return planRemoveUndelivered(stored.secrets, stored.slots, secretId, this.#context(writer));
    } catch (error) {
      if (error instanceof SecretNotFoundError) return undefined;
      throw error;
    }
  }

  /** After the removal's write: drop the mark and tell the managers. */
  async #undeliveredRemoved(
    application: StoredApplication,
    found: SecretRecord,
    removed: SecretRecord | undefined,
  ) {
    await this.#undelivered.forget(application.id, found.id);
    if (removed) this.#announce('undelivered-removed', application, removed, found.createdBy);
  }

  /**
   * Adds audit entries that are not about a secret (application created or edited, manager added or removed),
   * with the application's new description when it changed. Written with the settled slot state under the
   * application's claim, like every other credman write; the trail never refuses an entry
   * (docs/architecture.md#audit-retention).
   */
  async recordAudit(
    clientId: string,
    entries: AuditEntry[],
    options: { description?: string | undefined } = {},
  ): Promise<void> {
    await this.applications.mutate(clientId, (stored, writer) => {
      const plan = planRefresh(stored.secrets, stored.slots, this.#context(writer));
      const change = changeOf(plan, entries);
      return Promise.resolve({
        change: {
          ...change,
          description: options.description,
        },
        result: true,
      });
    });
  }

  /**
   * Holds the application's claim while `work` runs (e.g. sending reminders) and writes the reminder ledger it
   * returns, with the settled slot state, in one PUT (ApplicationStore.withClaim). `work` gets a fresh read.
   */
  async withApplicationClaim(
    application: StoredApplication,
    work: (fresh: StoredApplication) => Promise<ReminderLedger | undefined>,
  ): Promise<ClaimedWork> {
    return this.applications.withClaim(application, async (fresh, writer) => {
      const ledger = await work(fresh);
      if (!ledger) return undefined;
      return changeOf(planRefresh(fresh.secrets, fresh.slots, this.#context(writer)), [], ledger);
    });
  }

  /**
   * `withApplicationClaim` for a page of applications in two Keycloak calls, with the extension's
   * `records-batch` (ApplicationStore.withRecordsBatch): `work` gets the claimed ones' fresh reads and manager
   * holders and returns the reminder ledger to write per application id. Only credman's records are written,
   * not the settled slot state (the per-application path's PUT does that; here the sweeper does). Throws
   * KeycloakRejectedError before `work` runs when the extension is gone: use `withApplicationClaim` then.
   */
  withRecordsBatch(
    applications: readonly StoredApplication[],
    work: (claimed: readonly ClaimedRecords[]) => Promise<ReadonlyMap<string, ReminderLedger>>,
  ): Promise<RecordsBatchOutcome[]> {
    return this.applications.withRecordsBatch(applications, work);
  }

  /**
   * Folds refused logins that presented this application's ended secrets into their records (the mark), and
   * reports what is due (at most once a day per secret: `report`, e.g. a mail, then one audit entry), all under
   * the application's claim in one PUT (docs/architecture.md#retired-secrets-presented-again). `report` false:
   * not sent, tried again at the next run. 'busy': another writer holds the claim; call again later.
   */
  async recordRetiredUse(
    clientId: string,
    events: readonly RetiredSecretEvent[],
    report?: (application: StoredApplication, due: RetiredUseReport) => Promise<boolean>,
  ): Promise<ClaimedWork> {
    const application = await this.applications.application(clientId);
    return this.applications.withClaim(application, async (fresh, writer) => {
      const ctx = this.#context(writer);
      const plan = planRefresh(fresh.secrets, fresh.slots, ctx);
      const entries: AuditEntry[] = [];
      let changed = plan.events.length > 0;
      const secrets: SecretRecord[] = [];
      for (const record of plan.document.secrets) {
        let next = absorbRetiredEvents(record, events) ?? record;
        const due = dueReport(next, ctx.now);
        if (due && (report === undefined || (await report(fresh, due)))) {
          entries.push(reportAuditEntry(due, ctx.now));
          next = markReported(next, ctx.now);
        }
        changed ||= next !== record;
        secrets.push(next);
      }
      if (!changed) return undefined;
      return changeOf({ ...plan, document: { ...plan.document, secrets } }, entries);
    });
  }

  /** The audit trail of one application, newest first. */
  async audit(clientId: string): Promise<AuditEntry[]> {
    return (await this.applications.view(clientId)).audit;
  }

  #announce(
    kind: SecretChange['kind'],
    application: StoredApplication,
    record: SecretRecord,
    actor: Actor,
    edit?: SecretChange['edit'],
  ) {
    announceSecretChange(this.#deps.onSecretChange, {
      kind,
      edit,
      clientId: application.clientId,
      clientUuid: application.id,
      record,
      actor,
      at: epochMillis(this.#deps.now()),
    });
  }
}
