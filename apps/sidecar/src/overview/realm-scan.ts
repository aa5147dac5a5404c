// The realm scan (docs/architecture.md#realm-scan-and-overview): every CREDMAN_REALM_SCAN_INTERVAL_SECONDS, one
// paged scan of the applications (store/application-scan.ts) plus each managed application's manager count,
// reduced to a RealmSummary kept in memory on this replica. GET /api/overview and the credman_realm_* gauges
// read the last one, so no request ever reads every client. Read-only: it takes no claim and writes nothing.
import { secondsAsMillis } from '@credman/domain';
import type { ApiCatalogue } from '@credman/domain';
import { listManagers } from '../applications/managers.ts';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import type { KeycloakPort } from '../keycloak/port.ts';
import type { Logger } from '../logging.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { PeriodicRun } from '../periodic-run.ts';
import { pool } from '../reminders/work-pool.ts';
import { scanApplications } from '../store/application-scan.ts';
import { summarise } from './summary.ts';
import type { RealmSummary, ScannedForSummary } from './summary.ts';

/** Applications whose managers are read at once: three small Keycloak reads each. */
const DEFAULT_CONCURRENCY = 8;

export interface RealmScannerDeps {
  keycloak: KeycloakPort;
  catalogue: ApiCatalogue;
  logger: Logger;
  /** Epoch milliseconds. */
  now: () => number;
  intervalSeconds: number;
  concurrency?: number;
  metrics?: Metrics | undefined;
}

export class RealmScanner {
  readonly #deps: RealmScannerDeps;
  #latest: RealmSummary | undefined;
  readonly #schedule: PeriodicRun<RealmSummary>;

  constructor(deps: RealmScannerDeps) {
    this.#deps = deps;
    this.#schedule = new PeriodicRun({
      run: () => this.#observed(),
      intervalMs: secondsAsMillis(deps.intervalSeconds),
      firstDelayMs: 0,
      onSettled: (outcome) => {
        if ('result' in outcome)
          deps.logger.debug(
            { realmScan: outcome.result.counts, ms: outcome.result.durationMs },
            'realm scan finished',
          );
        else
          deps.logger.warn({ err: outcome.error }, 'realm scan failed; the overview keeps the previous one');
      },
    });
  }

  /** The summary of the last completed scan; undefined until one completed. */
  latest(): RealmSummary | undefined {
    return this.#latest;
  }

  /** Runs a scan at once, then every interval after the previous one ended. */
  start(): void {
    this.#schedule.start();
  }

  stop(): Promise<void> {
    return this.#schedule.stop();
  }

  /** One scan now; a call during a scan joins it. */
  runOnce(): Promise<RealmSummary> {
    return this.#schedule.runOnce();
  }

  async #observed(): Promise<RealmSummary> {
    const startedAt = this.#deps.now();
    try {
      const summary = await this.#scan(startedAt);
      this.#latest = summary;
      this.#deps.metrics?.observeRealmScan(summary, summary.durationMs / 1000);
      return summary;
    } catch (error) {
      this.#deps.metrics?.observeRealmScan(undefined, (this.#deps.now() - startedAt) / 1000);
      throw error;
    }
  }

  async #scan(startedAt: number): Promise<RealmSummary> {
    const { keycloak, catalogue, logger } = this.#deps;
    const found: ScannedForSummary[] = [];
    for await (const page of scanApplications({ keycloak, catalogue, logger }))
      await pool(page, this.#deps.concurrency ?? DEFAULT_CONCURRENCY, async (scanned) => {
        // Named like an application but without the manager role: not managed by credman (the sweeper skips
        // it too).
        if (!(await keycloak.clientHasRole(scanned.application.id, MANAGER_ROLE))) return;
        const managers = (await listManagers(keycloak, scanned.application.id)).length;
        found.push({
          clientId: scanned.application.clientId,
          sandboxOnly: scanned.name.sandboxOnly,
          document: scanned.kind === 'readable' ? scanned.application.secrets : undefined,
          managers,
        });
      });
    return summarise(found, { startedAt, endedAt: this.#deps.now() });
  }
}
