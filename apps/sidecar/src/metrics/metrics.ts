// credman's Prometheus metrics (docs/operations.md#metrics): one Metrics instance per process, with its own
// prom-client Registry (never the library's global one), handed to the app, the adapter and the jobs. Tests
// build as many as they like. No label ever takes a client ID, a user or a raw path: every label value comes
// from a fixed set named here or from Express's route templates, so the number of series stays bounded.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerState } from '../keycloak/circuit-breaker.ts';

export const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'half-open'];

/** How a Keycloak admin call ended (the adapter's error classes, plus calls the breaker or deadline refused). */
export const KEYCLOAK_OUTCOMES = [
  'ok',
  'unavailable',
  'refused',
  'conflict',
  'rejected',
  'access-denied',
  'error',
] as const;
export type KeycloakOutcome = (typeof KEYCLOAK_OUTCOMES)[number];

/** Why a write found its application's revision taken (store/write-claim.ts). */
export type ClaimConflict = 'stale-read' | 'held';

export interface SweepMetricsRun {
  applications: number;
  swept: number;
  failed: number;
}

export interface ReminderMetricsRun {
  applications: number;
  due: number;
  sent: number;
  busy: number;
  failed: number;
}

/**
 * What the realm gauges show of a realm scan: the fields metrics reads, declared here so that metrics (a layer
 * below the overview) need not import it; overview/summary.ts's RealmSummary has them.
 */
export interface ObservedRealmScan {
  /** Epoch ms when the scan completed. */
  scannedAt: number;
  counts: Readonly<
    Record<
      | 'applications'
      | 'needingAction'
      | 'expiringWithoutSuccessor7d'
      | 'expiringWithoutSuccessor30d'
      | 'expired'
      | 'noLiveSecret'
      | 'fewerThanTwoManagers'
      | 'retiredSecretsPresented',
      number
    >
  >;
}

/** The label of a request Express matched to no route (static files, 401 before routing, 404). */
export const NO_ROUTE = '(none)';

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const RUN_BUCKETS = [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800];

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event loop); off in tests that count series. */
  processMetrics?: boolean;
}

export class Metrics {
  readonly registry = new Registry();
  #breaker: { readonly state: BreakerState } | undefined;

  readonly httpRequests = new Histogram({
    name: 'credman_http_request_duration_seconds',
    help: 'HTTP requests on the public port by method, Express route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });

  readonly keycloakCalls = new Histogram({
    name: 'credman_keycloak_admin_call_duration_seconds',
    help: 'Keycloak admin API calls by operation and outcome (retries of one call included in its duration).',
    labelNames: ['operation', 'outcome'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });

  readonly breakerState = new Gauge({
    name: 'credman_keycloak_breaker_state',
    help: "The Keycloak circuit breaker's state: 1 for the current one of closed, open, half-open.",
    labelNames: ['state'] as const,
    registers: [this.registry],
    // Read at every scrape: the state changes with time alone (open turns half-open after the cool-down).
    collect: () => {
      const breaker = this.#breaker;
      if (breaker === undefined) return;
      const current = breaker.state;
      for (const state of BREAKER_STATES) this.breakerState.set({ state }, state === current ? 1 : 0);
    },
  });

  readonly claimConflicts = new Counter({
    name: 'credman_claim_conflicts_total',
    help: "Writes that found their application's next revision claimed: stale-read (someone wrote since the read) or held (someone is writing).",
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'credman_rate_limit_refusals_total',
    help: 'Requests refused with 429 by the rate limits, by budget (per user: mutation or read; per client IP: ip).',
    labelNames: ['budget'] as const,
    registers: [this.registry],
  });

  readonly remindersEnabled = new Gauge({
    name: 'credman_reminders_enabled',
    help: 'Whether this replica runs the reminder schedule (1) or leaves it to others / has no SMTP (0).',
    registers: [this.registry],
  });

  readonly reminderRuns = new Counter({
    name: 'credman_reminder_runs_total',
    help: 'Reminder runs by outcome: succeeded (the scan completed) or failed (it could not list the applications).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly reminderLastSuccess = new Gauge({
    name: 'credman_reminder_last_success_timestamp_seconds',
    help: 'When the last reminder run on this replica completed, Unix seconds; absent until one did.',
    registers: [this.registry],
  });

  readonly reminderDuration = new Histogram({
    name: 'credman_reminder_run_duration_seconds',
    help: 'Duration of reminder runs, failed ones included.',
    buckets: RUN_BUCKETS,
    registers: [this.registry],
  });

  readonly reminderNoticesSent = new Counter({
    name: 'credman_reminder_notices_sent_total',
    help: 'Expiry notices the SMTP server accepted.',
    registers: [this.registry],
  });

  readonly reminderNoticeFailures = new Counter({
    name: 'credman_reminder_notice_failures_total',
    help: 'Applications whose due notices could not be sent or recorded in a run (retried at the next run), damaged ones included.',
    registers: [this.registry],
  });

  readonly securityNotices = new Counter({
    name: 'credman_security_notices_total',
    help: 'Security notices (secret created/deleted/edited, manager or application changed) by outcome: sent or failed.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly sweeperRuns = new Counter({
    name: 'credman_sweeper_runs_total',
    help: 'Sweeper runs by outcome: succeeded (every page listed) or failed.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly sweeperApplications = new Counter({
    name: 'credman_sweeper_applications_total',
    help: 'Applications the sweeper visited, by result: swept (it recorded an expiry or an out-of-band change), failed, unchanged.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly sweeperLastSuccess = new Gauge({
    name: 'credman_sweeper_last_success_timestamp_seconds',
    help: 'When the last sweeper run on this replica completed, Unix seconds.',
    registers: [this.registry],
  });

  readonly sweeperDuration = new Histogram({
    name: 'credman_sweeper_run_duration_seconds',
    help: 'Duration of sweeper runs.',
    buckets: RUN_BUCKETS,
    registers: [this.registry],
  });

  readonly realmApplications = new Gauge({
    name: 'credman_realm_applications',
    help: 'Applications the last realm scan saw, by condition (all, no-live-secret, fewer-than-two-managers, expired, needs-action).',
    labelNames: ['condition'] as const,
    registers: [this.registry],
  });

  readonly realmExpiringWithoutSuccessor = new Gauge({
    name: 'credman_realm_secrets_expiring_without_successor',
    help: 'Live secrets of the last realm scan that expire within the window (7d, 30d) with no newer live secret beside them.',
    labelNames: ['within'] as const,
    registers: [this.registry],
  });

  readonly realmRetiredSecretsPresented = new Gauge({
    name: 'credman_realm_retired_secrets_presented',
    help: "Secrets of the last realm scan that ended and were presented to Keycloak in the last 7 days (with credman's Keycloak extension; 0 without it).",
    registers: [this.registry],
  });

  readonly realmScanTimestamp = new Gauge({
    name: 'credman_realm_scan_timestamp_seconds',
    help: 'When the realm scan behind the credman_realm_* gauges completed, Unix seconds; absent until one did.',
    registers: [this.registry],
  });

  readonly dueIndexFixes = new Counter({
    name: 'credman_due_index_fixes_total',
    help: 'Applications whose credman.due the daily reconciliation found wrong for their records and rewrote.',
    registers: [this.registry],
  });

  readonly realmScanDuration = new Histogram({
    name: 'credman_realm_scan_duration_seconds',
    help: 'Duration of realm scans (all applications and their managers).',
    buckets: RUN_BUCKETS,
    registers: [this.registry],
  });

  readonly realmScans = new Counter({
    name: 'credman_realm_scans_total',
    help: 'Realm scans by outcome: succeeded or failed.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: MetricsOptions = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    for (const outcome of ['succeeded', 'failed']) {
      this.reminderRuns.inc({ outcome }, 0);
      this.sweeperRuns.inc({ outcome }, 0);
      this.realmScans.inc({ outcome }, 0);
    }
    for (const outcome of ['sent', 'failed']) this.securityNotices.inc({ outcome }, 0);
    for (const reason of ['stale-read', 'held']) this.claimConflicts.inc({ reason }, 0);
    for (const budget of ['mutation', 'read', 'ip']) this.rateLimited.inc({ budget }, 0);
    for (const result of ['swept', 'failed', 'unchanged']) this.sweeperApplications.inc({ result }, 0);
    this.remindersEnabled.set(0);
  }

  /** The breaker's state, read at every scrape. */
  watchBreaker(breaker: { readonly state: BreakerState }): void {
    this.#breaker = breaker;
  }

  observeKeycloakCall(operation: string, outcome: KeycloakOutcome, seconds: number): void {
    this.keycloakCalls.observe({ operation, outcome }, seconds);
  }

  observeReminderRun(run: ReminderMetricsRun | undefined, seconds: number, endedAt: number): void {
    this.reminderDuration.observe(seconds);
    if (run === undefined) {
      this.reminderRuns.inc({ outcome: 'failed' });
      return;
    }
    this.reminderRuns.inc({ outcome: 'succeeded' });
    this.reminderLastSuccess.set(endedAt / 1000);
    this.reminderNoticesSent.inc(run.sent);
    this.reminderNoticeFailures.inc(run.failed);
  }

  /** Wrong due index entries the reconciliation rewrote (credentials/sweeper.ts). */
  observeDueFixes(count: number): void {
    this.dueIndexFixes.inc(count);
  }

  observeSweep(run: SweepMetricsRun | undefined, seconds: number, endedAt: number): void {
    this.sweeperDuration.observe(seconds);
    if (run === undefined) {
      this.sweeperRuns.inc({ outcome: 'failed' });
      return;
    }
    this.sweeperRuns.inc({ outcome: 'succeeded' });
    this.sweeperLastSuccess.set(endedAt / 1000);
    this.sweeperApplications.inc({ result: 'swept' }, run.swept);
    this.sweeperApplications.inc({ result: 'failed' }, run.failed);
    this.sweeperApplications.inc(
      { result: 'unchanged' },
      Math.max(0, run.applications - run.swept - run.failed),
    );
  }

  observeRealmScan(summary: ObservedRealmScan | undefined, seconds: number): void {
    this.realmScanDuration.observe(seconds);
    if (summary === undefined) {
      this.realmScans.inc({ outcome: 'failed' });
      return;
    }
    this.realmScans.inc({ outcome: 'succeeded' });
    const { counts } = summary;
    this.realmApplications.set({ condition: 'all' }, counts.applications);
    this.realmApplications.set({ condition: 'no-live-secret' }, counts.noLiveSecret);
    this.realmApplications.set({ condition: 'fewer-than-two-managers' }, counts.fewerThanTwoManagers);
    this.realmApplications.set({ condition: 'expired' }, counts.expired);
    this.realmApplications.set({ condition: 'needs-action' }, counts.needingAction);
    this.realmExpiringWithoutSuccessor.set({ within: '7d' }, counts.expiringWithoutSuccessor7d);
    this.realmExpiringWithoutSuccessor.set({ within: '30d' }, counts.expiringWithoutSuccessor30d);
    this.realmRetiredSecretsPresented.set(counts.retiredSecretsPresented);
    this.realmScanTimestamp.set(summary.scannedAt / 1000);
  }

  /** The text exposition of every metric. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
