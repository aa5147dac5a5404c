// The expiry sweeper (docs/architecture.md#expiry-and-the-sweeper): Keycloak stops accepting an expired
// secret by itself; this periodic job makes credman's record catch up (history, audit) and clears the
// slot. It visits the managed applications — only those due by now when Keycloak has the due index, every one
// otherwise (store/application-scan.ts jobApplications) — and asks CredentialService to sweep each, so the
// sweep takes the same per-application lock as any other write.
import { performance } from 'node:perf_hooks';
import { secondsAsMillis } from '@credman/domain';
import type { ApiCatalogue } from '@credman/domain';
import type { KeycloakPort } from '../keycloak/port.ts';
import type { Logger } from '../logging.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { PeriodicRun } from '../periodic-run.ts';
import { jobApplications, jobScanSource } from '../store/application-scan.ts';
import type { CredentialService } from './credential-service.ts';
import { ApplicationNotFoundError, ConcurrentChangeError, DamagedApplicationError } from './errors.ts';

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
  metrics?: Pick<Metrics, 'observeSweep'> | undefined;
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

  constructor(deps: SweeperDeps) {
    this.#deps = deps;
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
  }

  /** Stops scheduling and waits for a run in progress, so shutdown does not cut a write in half. */
  stop(): Promise<void> {
    return this.#schedule.stop();
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

  async #sweep(clientId: string, run: SweepRun, reindex: boolean): Promise<void> {
    try {
      const sweep = this.#deps.credentials;
      if (await (reindex ? sweep.sweep(clientId, { reindex }) : sweep.sweep(clientId))) run.swept++;
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
