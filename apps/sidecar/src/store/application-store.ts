// The application store: the only module that knows how credman keeps an application in Keycloak
// (docs/architecture.md#data-model-in-keycloak). It finds managed applications (with a short cache), scans
// them, and makes the claimed write: under the application's lock (one replica) and its revision claim (all
// replicas: write-claim.ts), ONE PUT with the slots and the credman attributes
// (docs/architecture.md#revision-claim). A damaged credman attribute is a DamagedApplicationError on every
// path, and nothing is ever written over it (docs/architecture.md#damaged-metadata).
import { randomUUID } from 'node:crypto';
import { parseApplicationName } from '@credman/domain';
import type { ApiCatalogue } from '@credman/domain';
import { DEFAULT_CLAIM_LEASE_MS } from '../config.ts';
import { KeyedLock } from './keyed-lock.ts';
import { KeycloakUnavailableError } from '../keycloak/errors.ts';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import type { KeycloakClient, KeycloakPort, ManagerHolders } from '../keycloak/port.ts';
import type { Logger } from '../logging.ts';
import type { AuditBounds, AuditEntry } from './records/audit-trail.ts';
import { decodeApplication, encodeChange, representationOf } from './application.ts';
import type { ApplicationChange, ApplicationRef, DueSettings, StoredApplication } from './application.ts';
import { applicationPage, logDamagedApplication, scanApplications, scanned } from './application-scan.ts';
import type { ScannedApplication } from './application-scan.ts';
import { ApplicationNotFoundError, ConcurrentChangeError, DamagedApplicationError } from './errors.ts';
import { ManagedClientCache } from './managed-cache.ts';
import { claimNextRevision, dropObsoleteClaims, releaseClaim, writeLanded } from './write-claim.ts';
import { BATCH_LIMIT, claimBatch, releaseAll, writeBatch } from './batch-claim.ts';
import type { BatchWrite, HeldClaim } from './batch-claim.ts';
import type { ReminderLedger } from './records/ledger.ts';

export interface ApplicationStoreDeps {
  keycloak: KeycloakPort;
  catalogue: ApiCatalogue;
  /** Current time, epoch milliseconds. */
  now: () => number;
  /** How each write computes the due index `credman.due` (due-attribute.ts). */
  due: DueSettings;
  logger?: Logger | undefined;
  lock?: KeyedLock | undefined;
  /** How long another writer's claim is respected before it counts as abandoned (write-claim.ts). */
  claimLeaseMs?: number | undefined;
  /** Waits before re-trying a mutation whose application another writer is changing. */
  busyRetryDelaysMs?: readonly number[] | undefined;
  /** The stored audit trail's bounds (records/audit-trail.ts); smaller ones in tests reach archiving quickly. */
  auditBounds?: AuditBounds | undefined;
  /** Told when a write finds its next revision claimed (the claim-conflicts metric). */
  onClaimConflict?: ((reason: 'stale-read' | 'held') => void) | undefined;
}

/** A step of a mutation: what to write for this read (undefined: nothing), and what to answer. */
export type MutationStep<T> = (
  application: StoredApplication,
  writer: string,
) => Promise<{ change: ApplicationChange; result: T } | undefined>;

/** The next revision, claimed for one read of an application: the claimed work's one PUT is `write`. */
export interface ClaimedRevision {
  application: StoredApplication;
  write(change: ApplicationChange): Promise<void>;
}

/** An application read for showing it: its records without the slots, which only a write's read knows. */
export type ApplicationView = Omit<StoredApplication, 'slots'>;

/** The outcome of `withClaim`. */
export type ClaimedWork = 'written' | 'unchanged' | 'busy';

/** One application a batch claimed: its fresh read (secret-free) and the holders of its manager role. */
export interface ClaimedRecords {
  application: StoredApplication;
  managers: ManagerHolders;
}

/** The outcome of `withRecordsBatch` for one application. */
export type RecordsBatchOutcome =
  | { id: string; outcome: 'written' | 'unchanged' }
  | { id: string; outcome: 'busy'; reason: 'stale-read' | 'held' }
  | {
      id: string;
      outcome: 'failed';
      /**
       * `gone`: no longer a client the service account manages; `damaged`: its fresh read cannot be decoded;
       * `not-claimed`: its claim was lost before the write (taken over after the lease); `write-failed`: the
       * write call failed (`error`).
       */
      reason: 'gone' | 'damaged' | 'not-claimed' | 'write-failed';
      error?: unknown;
    };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ApplicationStore {
  readonly #deps: ApplicationStoreDeps;
  readonly #lock: KeyedLock;
  readonly #managed: ManagedClientCache;

  constructor(deps: ApplicationStoreDeps) {
    this.#deps = deps;
    this.#lock = deps.lock ?? new KeyedLock();
    this.#managed = new ManagedClientCache(deps.now);
  }

  /** How writes compute `credman.due` (the sweep's index check uses the same). */
  get dueSettings(): DueSettings {
    return this.#deps.due;
  }

  /** A managed application's client: named by the convention and defining the credential-manager role. */
  async managedClient(clientId: string): Promise<ApplicationRef> {
    return this.#managedRepresentation(clientId, 'listed');
  }

  /** A managed application with its records; DamagedApplicationError (logged) when one cannot be read. */
  async application(clientId: string): Promise<StoredApplication> {
    return this.#decode(await this.#managedRepresentation(clientId));
  }

  /**
   * A managed application's records as a page shows them, read as a list gives the client (without secret
   * values: KeycloakPort.findListedClient), so its slots are not known and it cannot plan a write: the type
   * leaves them out. DamagedApplicationError (logged) as `application`.
   */
  async view(clientId: string): Promise<ApplicationView> {
    const { slots: _unknown, ...records } = this.#decode(
      await this.#managedRepresentation(clientId, 'listed'),
    );
    return records;
  }

  /** The pages of the application scan (application-scan.ts); damaged applications are logged and marked. */
  scan(search?: string): AsyncGenerator<ScannedApplication[]> {
    const { keycloak, catalogue, logger } = this.#deps;
    return scanApplications({ keycloak, catalogue, logger, search });
  }

  /** One page of the applications matching the search, one Keycloak call (application-scan.ts). */
  page(
    search: string | undefined,
    page: { first: number; max: number },
  ): Promise<{ applications: ScannedApplication[]; hasMore: boolean }> {
    const { keycloak, catalogue, logger } = this.#deps;
    return applicationPage({ keycloak, catalogue, logger, search }, page);
  }

  /**
   * One managed application as the scan gives it (readable or damaged), read by its clientId alone: the
   * manager's list reads only the applications the caller manages. Undefined when it is not (or no longer) one.
   */
  async scanOne(clientId: string): Promise<ScannedApplication | undefined> {
    const name = parseApplicationName(clientId, this.#deps.catalogue);
    if (!name.ok) return undefined;
    try {
      return scanned(await this.#managedRepresentation(clientId, 'listed'), name.value, this.#deps.logger);
    } catch (error) {
      if (error instanceof ApplicationNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * The managed client named `clientId`: `whole` (secret values included) for what a write plans from,
   * `listed` (without them: KeycloakPort.findListedClient) for reads that write nothing.
   */
  async #managedRepresentation(
    clientId: string,
    read: 'whole' | 'listed' = 'whole',
  ): Promise<KeycloakClient> {
    const { keycloak, catalogue } = this.#deps;
    if (!parseApplicationName(clientId, catalogue).ok) throw new ApplicationNotFoundError(clientId);
    const client = await (read === 'whole'
      ? keycloak.findClientByClientId(clientId)
      : keycloak.findListedClient(clientId));
    if (!client) throw new ApplicationNotFoundError(clientId);
    if (this.#managed.isManaged(client.id)) return client;
    if (!(await keycloak.clientHasRole(client.id, MANAGER_ROLE))) {
      this.#managed.forget(client.id);
      throw new ApplicationNotFoundError(clientId);
    }
    this.#managed.remember(client.id);
    return client;
  }

  #decode(client: KeycloakClient): StoredApplication {
    try {
      return decodeApplication(client);
    } catch (error) {
      if (error instanceof DamagedApplicationError) logDamagedApplication(this.#deps.logger, error);
      throw error;
    }
  }

  /**
   * One mutation under the application's lock: read, plan (`step`), claim the next revision, write. Losing the
   * claim to another replica means planning again from a fresh read; after the retries, ConcurrentChangeError.
   */
  async mutate<T>(
    clientId: string,
    step: MutationStep<T>,
  ): Promise<{ application: StoredApplication; result: T | undefined }> {
    const { application, result } = await this.planAndClaim(clientId, step, async (claimed, planned) => {
      await claimed.write(planned.change);
      return planned.result;
    });
    return { application, result };
  }

  /**
   * `mutate` for work that must run between the claim and the PUT (a create's undelivered mark,
   * docs/architecture.md#writes-that-land-late): under the application's lock, read and `plan` (undefined: no
   * write), claim the next revision (re-planning from a fresh read when another writer won), then `claimed`
   * does its work and the one PUT (`write`, at most once). If it throws before writing, the claim is released.
   */
  async planAndClaim<P, R>(
    clientId: string,
    plan: (application: StoredApplication, writer: string) => Promise<P | undefined>,
    claimed: (revision: ClaimedRevision, planned: P) => Promise<R>,
  ): Promise<{ application: StoredApplication; planned: P | undefined; result: R | undefined }> {
    return this.#lock.run(clientId, async () => {
      const delays = this.#deps.busyRetryDelaysMs ?? [50, 200, 500];
      for (let attempt = 0; ; attempt++) {
        const application = await this.application(clientId);
        const writer = randomUUID();
        const planned = await plan(application, writer);
        if (planned === undefined) return { application, planned, result: undefined };
        const claim = await claimNextRevision(this.#deps.keycloak, application, this.#claimOptions(writer));
        if (claim.kind === 'claimed') {
          const result = await this.#underClaim(application, claim, (revision) => claimed(revision, planned));
          return { application, planned, result };
        }
        this.#deps.onClaimConflict?.(claim.reason);
        const delay = delays[attempt];
        if (delay === undefined) throw new ConcurrentChangeError(clientId);
        // A stale read is fixed by reading again at once; a claim being held needs its writer to finish.
        if (claim.reason === 'held') await sleep(delay);
      }
    });
  }

  /**
   * Holds the application's claim (across replicas) while `work` runs — e.g. sending a reminder — and then
   * writes the change `work` returns. `application` is the caller's (possibly older) read; `work` receives a
   * fresh one. 'busy' when another writer holds the claim or wrote since that read; 'unchanged' when `work`
   * returned nothing (the claim is released). If `work` throws, the claim is released and the error rethrown.
   */
  async withClaim(
    application: StoredApplication,
    work: (fresh: StoredApplication, writer: string) => Promise<ApplicationChange | undefined>,
  ): Promise<ClaimedWork> {
    return this.#lock.run(application.clientId, async () => {
      const writer = randomUUID();
      const claim = await claimNextRevision(this.#deps.keycloak, application, this.#claimOptions(writer));
      if (claim.kind === 'busy') {
        this.#deps.onClaimConflict?.(claim.reason);
        return 'busy';
      }
      const release = () =>
        releaseClaim(this.#deps.keycloak, application.id, claim.revision).catch(() => undefined);
      let change: ApplicationChange | undefined;
      let fresh: StoredApplication;
      try {
        // The claim's own read: the client as it is now that nobody else can write it.
        fresh = this.#decode(claim.fresh);
        change = await work(fresh, writer);
      } catch (error) {
        await release();
        throw error;
      }
      if (!change) {
        await release();
        return 'unchanged';
      }
      await this.#write(fresh, change, claim);
      return 'written';
    });
  }

  /**
   * `withClaim` for a page of applications at once, through the extension's `records-batch` (batch-claim.ts):
   * ONE call claims them all (with their fresh secret-free reads and manager holders), `work` runs once for the
   * claimed ones and returns the reminder ledger to store per application id, and ONE call writes those ledgers
   * (credman attributes only: application.ts encodeRecordsOnlyChange). A claimed application without a ledger
   * is released. If `work` throws, every claim is released and the error rethrown; a claim call that throws
   * (KeycloakRejectedError: the extension is gone) throws before `work` ran. One outcome per application, in
   * order. Holds every application's lock meanwhile, as `withClaim` holds one.
   */
  async withRecordsBatch(
    applications: readonly StoredApplication[],
    work: (claimed: readonly ClaimedRecords[]) => Promise<ReadonlyMap<string, ReminderLedger>>,
  ): Promise<RecordsBatchOutcome[]> {
    const outcomes: RecordsBatchOutcome[] = [];
    for (let first = 0; first < applications.length; first += BATCH_LIMIT) {
      const chunk = applications.slice(first, first + BATCH_LIMIT);
      outcomes.push(
        ...(await this.#lockAll(
          chunk.map((application) => application.clientId),
          () => this.#recordsBatch(chunk, work),
        )),
      );
    }
    return outcomes;
  }

  /** Runs `task` holding the locks of all `keys`, taken in one order so two such tasks never wait on each other. */
  #lockAll<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    return [...new Set(keys)]
      .sort()
      .reduceRight<() => Promise<T>>((inner, key) => () => this.#lock.run(key, inner), task)();
  }

  async #recordsBatch(
    applications: readonly StoredApplication[],
    work: (claimed: readonly ClaimedRecords[]) => Promise<ReadonlyMap<string, ReminderLedger>>,
  ): Promise<RecordsBatchOutcome[]> {
    const { keycloak } = this.#deps;
    const claims = await claimBatch(keycloak, applications, {
      now: this.#deps.now,
      leaseMs: this.#deps.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS,
      managerRole: MANAGER_ROLE,
    });
    const outcomes = new Map<string, RecordsBatchOutcome>();
    const held: { claim: HeldClaim; claimed: ClaimedRecords }[] = [];
    for (const claim of claims) {
      if (claim.kind === 'busy') {
        this.#deps.onClaimConflict?.(claim.reason);
        outcomes.set(claim.id, { id: claim.id, outcome: 'busy', reason: claim.reason });
      } else if (claim.kind === 'gone')
        outcomes.set(claim.id, { id: claim.id, outcome: 'failed', reason: 'gone' });
      else
        try {
          held.push({ claim, claimed: { application: this.#decode(claim.fresh), managers: claim.managers } });
        } catch (error) {
          // A writer never writes past what it cannot read (docs/architecture.md#damaged-metadata).
          await releaseAll(keycloak, [claim]);
          outcomes.set(claim.id, { id: claim.id, outcome: 'failed', reason: 'damaged', error });
        }
    }
    let ledgers: ReadonlyMap<string, ReminderLedger>;
    try {
      ledgers = held.length === 0 ? new Map() : await work(held.map(({ claimed }) => claimed));
    } catch (error) {
      await releaseAll(
        keycloak,
        held.map(({ claim }) => claim),
      );
      throw error;
    }
    const writes: BatchWrite[] = [];
    for (const { claim, claimed } of held) {
      const ledger = ledgers.get(claim.id);
      if (ledger) writes.push({ claim, fresh: claimed.application, ledger });
      else {
        await releaseAll(keycloak, [claim]);
        outcomes.set(claim.id, { id: claim.id, outcome: 'unchanged' });
      }
    }
    for (const written of await writeBatch(keycloak, writes, {
      nowMs: this.#deps.now(),
      due: this.#deps.due,
    }))
      outcomes.set(
        written.id,
        written.outcome === 'written'
          ? { id: written.id, outcome: 'written' }
          : written.outcome === 'failed'
            ? { id: written.id, outcome: 'failed', reason: 'write-failed', error: written.error }
            : { id: written.id, outcome: 'failed', reason: written.outcome },
      );
    return applications.map((application) => outcomes.get(application.id) as RecordsBatchOutcome);
  }

  /**
   * Runs claimed work; if it fails before its PUT was sent, nothing was written, so the claim goes at once (a
   * failed PUT settles its claim itself, #write).
   */
  async #underClaim<R>(
    application: StoredApplication,
    claim: { revision: number; obsolete: number[] },
    work: (revision: ClaimedRevision) => Promise<R>,
  ): Promise<R> {
    // An object, not a `let`: the type checker does not see the closure set it.
    const put = { sent: false };
    const revision: ClaimedRevision = {
      application,
      write: async (change) => {
        if (put.sent) throw new Error('a claimed revision is written once');
        put.sent = true;
        await this.#write(application, change, claim);
      },
    };
    try {
      return await work(revision);
    } catch (error) {
      if (!put.sent)
        await releaseClaim(this.#deps.keycloak, application.id, claim.revision).catch(() => undefined);
      throw error;
    }
  }

  #claimOptions(writer: string) {
    return { writer, now: this.#deps.now, leaseMs: this.#deps.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS };
  }

  /**
   * The claimed write: ONE PUT with the slots, the secrets document (at the claimed revision), the audit trail
   * and the ledger, if changed. If the PUT fails in a way that shows it did not happen, the claim is released;
   * if it may still land (a timeout), the claim stays until its lease ends, so nobody writes over it.
   */
  async #write(
    application: StoredApplication,
    change: ApplicationChange,
    claim: { revision: number; obsolete: number[] },
  ): Promise<void> {
    const { keycloak } = this.#deps;
    const fields = encodeChange(application, change, {
      revision: claim.revision,
      nowMs: this.#deps.now(),
      due: this.#deps.due,
      auditBounds: this.#deps.auditBounds,
    });
    // Archived before the PUT: a write that fails after this leaves an entry both in the log and in the trail,
    // never in neither.
    this.#archive(application.clientId, fields.archivedAudit);
    try {
      await keycloak.updateClient(representationOf(application), {
        secret: fields.secret,
        attributes: fields.attributes,
        description: change.description,
      });
    } catch (error) {
      if (!(error instanceof KeycloakUnavailableError && error.mayStillLand)) {
        // Finished without effect (or with one Keycloak shows): find out which before giving the claim up.
        const landed = await writeLanded(keycloak, application.id, fields.secrets.writer);
        if (landed === false)
          await releaseClaim(keycloak, application.id, claim.revision).catch(() => undefined);
        if (landed === true) {
          await dropObsoleteClaims(keycloak, application.id, claim.obsolete);
          return;
        }
      }
      throw error;
    }
    await dropObsoleteClaims(keycloak, application.id, claim.obsolete);
  }

  /**
   * The audit archive is the log (docs/architecture.md#audit-retention): one `info` line per entry moved out of the
   * stored trail, the entry as its stored JSON text (a string, so the log's redaction of `secret` fields keeps it
   * whole: entries never hold a value).
   */
  #archive(clientId: string, entries: readonly AuditEntry[]): void {
    if (entries.length === 0) return;
    const { logger } = this.#deps;
    for (const entry of entries)
      logger?.info({ clientId, auditEntry: JSON.stringify(entry) }, 'audit entry archived');
    logger?.warn(
      { clientId, archived: entries.length },
      'audit trail bound reached: oldest entries archived',
    );
  }
}
