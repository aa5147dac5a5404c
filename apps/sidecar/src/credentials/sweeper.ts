// The expiry sweeper (docs/architecture.md#expiry-and-the-sweeper): Keycloak stops accepting an expired
// secret by itself; this periodic job makes credman's record catch up (history, audit) and clears the
// slot. It visits the managed applications — only those due by now when Keycloak has the due index, every one
// otherwise (store/application-scan.ts jobApplications) — and asks CredentialService to sweep each, so the
// sweep takes the same per-application lock as any other write. With the due index it also runs the daily
// reconciliation (docs/architecture.md#the-due-index), which finds what the due-only runs cannot.
import { performance } from 'node:perf_hooks';
import { secondsAsMillis } from '@credman/domain';
import type { ApiCatalogue } from '@credman/domain';
import type { KeycloakPort } from '../keycloak/port.ts';
import type { Logger } from '../logging.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { PeriodicRun } from '../periodic-run.ts';
import type { DueSettings } from '../store/application.ts';
import { expectedDue, slotTimesDiffer, storedDue } from '../store/application.ts';
import { jobApplications, jobScanSource, scanApplications } from '../store/application-scan.ts';
import { dueEntryStale } from '../store/due-attribute.ts';
import type { CredentialService, DueFix } from './credential-service.ts';
import { ApplicationNotFoundError, ConcurrentChangeError, DamagedApplicationError } from '../store/errors.ts';

export interface SweeperDeps {
  keycloak: Pick<KeycloakPort, 'searchClients' | 'dueClients'>;
  credentials: Pick<CredentialService, 'sweep'>;
  /** Whether Keycloak answers the due index (the extension's `due-index`); absent: every run scans everything. */
  dueIndex?: (() => Promise<boolean>) | undefined;
  /** Epoch milliseconds (the due index is asked for what is due by now). */
  now?: (() => number) | undefined;
  catalogue: ApiCatalogue;
  logger: Logger;
  intervalSeconds: number;
  /** Counts runs and what they recorded (metrics/metrics.ts). */
  metrics?: (Pick<Metrics, 'observeSweep'> & Partial<Pick<Metrics, 'observeDueFixes'>>) | undefined;
  /**
   * The daily reconciliation of the due index (docs/architecture.md#the-due-index): at this UTC hour, with the
   * rule and settings the store writes credman.due by. Absent: no reconciliation.
   */
  reconcile?: { hourUtc: number; due: DueSettings } | undefined;
}

export interface ReconcileRun {
  /** Convention-named clients the full scan read. */
  applications: number;
  /** Applications whose credman.due was wrong for their records and was rewritten. */
  fixed: number;
  /** Applications whose entry could not be checked or rewritten (logged; the next day tries again). */
  failed: number;
}

export interface SweepRun {
  /** Clients whose name follows the convention that the run read (with the due index: the due ones). */
  applications: number;
  /** Applications where the sweep wrote something (an expiry or an out-of-band change was recorded). */
  swept: number;
  /**
   * Applications whose sweep failed; each is logged and retried on the next run. A damaged application
   * (docs/architecture.md#damaged-metadata) counts here until an operator repairs it.
   */
  failed: number;
}

export class Sweeper {
  readonly #deps: SweeperDeps;
  readonly #schedule: PeriodicRun<SweepRun>;
  readonly #reconciliation: PeriodicRun<ReconcileRun | undefined> | undefined;

  constructor(deps: SweeperDeps) {
    this.#deps = deps;
    const reconcile = deps.reconcile;
    this.#reconciliation =
      reconcile &&
      new PeriodicRun({
        run: () => this.#reconcile(reconcile.due),
        dailyAtHourUtc: reconcile.hourUtc,
        now: () => (deps.now ?? Date.now)(),
        onSettled: (outcome) => {
          if ('error' in outcome)
            deps.logger.warn({ err: outcome.error }, 'due index reconciliation could not list applications');
        },
      });
    this.#schedule = new PeriodicRun({
      run: () => this.#observed(),
      intervalMs: secondsAsMillis(deps.intervalSeconds),
      onSettled: (outcome) => {
        if ('result' in outcome) deps.logger.debug({ sweep: outcome.result }, 'sweep finished');
        else deps.logger.warn({ err: outcome.error }, 'sweep could not list applications');
      },
    });
  }

  /** Schedules runs every `intervalSeconds`; the next run is scheduled only when the previous one ended. */
  start(): void {
    this.#schedule.start();
    this.#reconciliation?.start();
  }

  /** Stops scheduling and waits for a run in progress, so shutdown does not cut a write in half. */
  async stop(): Promise<void> {
    await Promise.all([this.#schedule.stop(), this.#reconciliation?.stop()]);
  }

  /**
   * One reconciliation of the due index now (a call during one joins it); undefined without the due index or
   * without `reconcile` settings: every scan is then a full one already.
   */
  reconcileOnce(): Promise<ReconcileRun | undefined> {
    return this.#reconciliation?.runOnce() ?? Promise.resolve(undefined);
  }

  /** One pass over the managed applications (the due ones, with the due index); a call during a run joins that run instead of starting another. */
  runOnce(): Promise<SweepRun> {
    return this.#schedule.runOnce();
  }

  async #observed(): Promise<SweepRun> {
    const metrics = this.#deps.metrics;
    if (metrics === undefined) return this.#run();
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const run = await this.#run();
      metrics.observeSweep(run, seconds(), Date.now());
      return run;
    } catch (error) {
      metrics.observeSweep(undefined, seconds(), Date.now());
      throw error;
    }
  }

  async #run(): Promise<SweepRun> {
    const run: SweepRun = { applications: 0, swept: 0, failed: 0 };
    const { keycloak, dueIndex, catalogue, logger } = this.#deps;
    const dueBy = (this.#deps.now ?? Date.now)();
    const source = await jobScanSource({ dueIndex });
    // Read from the index, an application stays listed until its credman.due moves past now: the reindexing
    // sweep also writes when only that entry is behind the records.
    const reindex = source === 'due';
    for await (const page of jobApplications({ keycloak, source, catalogue, logger, dueBy }))
      for (const scanned of page) {
        run.applications++;
        // Logged by the scan; sweeping would mean writing over what cannot be read.
        if (scanned.kind === 'damaged') run.failed++;
        else await this.#sweep(scanned.application.clientId, run, reindex);
      }
    return run;
  }

  /**
   * A full scan, and a reindexing sweep of each application whose stored credman.due is wrong for its records
   * (written by an older credman, or lost or left behind by a crash) or whose Keycloak slots changed outside
   * credman (the sweep records the change, which moves the entry). Each fix is one log line.
   */
  async #reconcile(due: DueSettings): Promise<ReconcileRun | undefined> {
    const { keycloak, catalogue, logger, dueIndex } = this.#deps;
    if ((await jobScanSource({ dueIndex })) === 'all') return undefined;
    const now = (this.#deps.now ?? Date.now)();
    const run: ReconcileRun = { applications: 0, fixed: 0, failed: 0 };
    const onDueFixed = (fix: DueFix) => {
      run.fixed++;
      logger.info(
        { clientId: fix.clientId, stored: fix.old, correct: fix.new },
        'due index reconciliation rewrote a wrong credman.due',
      );
    };
    for await (const page of scanApplications({ keycloak, catalogue, logger }))
      for (const scanned of page) {
        run.applications++;
        if (scanned.kind === 'damaged') {
          run.failed++;
          continue;
        }
        const { application } = scanned;
        const stored = storedDue(application);
        const stale = dueEntryStale(stored, expectedDue(application, now, due), now);
        if (!stale && !slotTimesDiffer(application)) continue;
        const sweep = { applications: 0, swept: 0, failed: 0 };
        const fixedBefore = run.fixed;
        await this.#sweep(application.clientId, sweep, { reindex: true, onDueFixed });
        run.failed += sweep.failed;
        // The records caught up with a change made outside credman, and credman.due with them; the entry was
        // right for the records as read, so the sweep reports no DueFix of its own.
        if (!stale && sweep.swept > 0 && run.fixed === fixedBefore) {
          run.fixed++;
          logger.info(
            { clientId: application.clientId, stored: stored ?? '' },
            'due index reconciliation recorded a change made outside credman and rewrote credman.due',
          );
        }
      }
    this.#deps.metrics?.observeDueFixes?.(run.fixed);
    logger.info({ reconciliation: run }, 'due index reconciliation finished');
    return run;
  }

  async #sweep(
    clientId: string,
    run: SweepRun,
    reindex: boolean | { reindex: true; onDueFixed: (fix: DueFix) => void },
  ): Promise<void> {
    try {
      const sweep = this.#deps.credentials;
      const options = reindex === true ? { reindex } : reindex === false ? undefined : reindex;
      if (await (options ? sweep.sweep(clientId, options) : sweep.sweep(clientId))) run.swept++;
    } catch (error) {
      // Named like an application but not managed (no credential-manager role), or removed meanwhile.
      if (error instanceof ApplicationNotFoundError) return;
      run.failed++;
      // Another writer holds the application: the next sweep catches up, so this is not an error.
      if (error instanceof ConcurrentChangeError) {
        this.#deps.logger.info({ clientId }, 'sweep skipped an application another writer is changing');
        return;
      }
      // Damaged since the scan read it: the store logged it.
      if (error instanceof DamagedApplicationError) return;
      this.#deps.logger.error({ err: error, clientId }, 'sweep of an application failed');
    }
  }
}
