// The sidecar process: configuration → logger → adapters → services → app → jobs, and a graceful stop on
// SIGTERM/SIGINT. Each step is one function; main() only wires them.
import { ConfigError, loadConfig } from './config.ts';
import type { Config } from './config.ts';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { CredentialService, createApplicationStore } from './credentials/credential-service.ts';
import type { CredentialServiceDeps } from './credentials/credential-service.ts';
import { nextDueAt } from './reminders/next-due.ts';
import { Sweeper } from './credentials/sweeper.ts';
import { createTokenVerifier } from './http/auth.ts';
import type { TokenVerifier } from './http/auth.ts';
import { keycloakManagerRights } from './http/keycloak-manager-rights.ts';
import { cacheManagerRights } from './http/manager-rights.ts';
import { cacheOperatorRights, keycloakOperatorRights } from './http/operator-rights.ts';
import { apiRoutes } from './http/routes/api-routes.ts';
import { KeycloakAdminAdapter } from './keycloak/admin-adapter.ts';
import { ExtensionStatus, missingFeatures } from './keycloak/extension-status.ts';
import { connectionOptions } from './keycloak/connection-options.ts';
import {
  BREAKER_COOL_DOWN_MS,
  BREAKER_FAILURE_THRESHOLD,
  CircuitBreaker,
} from './keycloak/circuit-breaker.ts';
import { createLogger } from './logging.ts';
import type { Logger } from './logging.ts';
import { createSmtpMailer } from './mail/mailer.ts';
import type { Mailer } from './mail/mailer.ts';
import { createManagementApp, startManagementServer } from './metrics/http.ts';
import type { ManagementServer } from './metrics/http.ts';
import { Metrics } from './metrics/metrics.ts';
import { healthRoutes } from './http/routes/health.ts';
import type { Readiness } from './http/routes/health.ts';
import { RealmScanner } from './overview/realm-scan.ts';
import { keycloakReadiness, sharedReadiness } from './readiness.ts';
import { startReminderRunner } from './reminders/schedule.ts';
import type { ReminderSchedule } from './reminders/schedule.ts';
import { RetiredSecretWatch } from './security-notices/retired-secret-watch.ts';
import { createSecurityNotifier } from './security-notices/security-notifier.ts';
import type { SecurityNotifier } from './security-notices/security-notifier.ts';
import { cacheSessionCheck, keycloakSessionCheck } from './http/session-check.ts';
import { start } from './server.ts';
import type { RunningServer } from './server.ts';
import type { ApplicationStore } from './store/application-store.ts';

interface Adapters {
  metrics: Metrics;
  keycloak: KeycloakAdminAdapter;
  /** credman's Keycloak extension, re-checked every few minutes (keycloak/extension-status.ts). */
  extension: ExtensionStatus;
  verifyToken: TokenVerifier;
  /** Mail is optional: without CREDMAN_SMTP_URL there are no reminders and no security notices (logged once). */
  mailer: Mailer | undefined;
}

interface Services {
  store: ApplicationStore;
  credentials: CredentialService;
  notifier: SecurityNotifier | undefined;
}

interface Jobs {
  sweeper: Sweeper;
  realmScan: RealmScanner;
  /** Ended secrets presented again (needs the Keycloak extension; idle without it). */
  retiredWatch: RetiredSecretWatch;
  reminders: ReminderSchedule | undefined;
}

const now = () => Date.now();

/** The configuration, or undefined after printing why it is invalid. */
function readConfig(): Config | undefined {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // eslint-disable-next-line no-console
    console.error(error.message);
    process.exitCode = 1;
    return undefined;
  }
}

function createAdapters(config: Config): Adapters {
  const verifyToken = createTokenVerifier({
    issuer: config.keycloak.issuer,
    jwksUrl: config.keycloak.jwksUrl,
    audience: config.auth.audience,
    consoleClientId: config.auth.consoleClientId,
    mfaAcr: config.auth.mfaAcr,
    operatorRole: config.auth.operatorRole,
    timeoutMs: config.keycloak.timeoutMs,
    clock: () => new Date(),
  });
  const metrics = new Metrics();
  const breaker = new CircuitBreaker({
    failureThreshold: BREAKER_FAILURE_THRESHOLD,
    coolDownMs: BREAKER_COOL_DOWN_MS,
    now: Date.now,
  });
  metrics.watchBreaker(breaker);
  const keycloak = new KeycloakAdminAdapter({
    ...connectionOptions(config),
    rotatedSecretEventDetail: config.keycloak.rotatedSecretEventDetail,
    breaker,
    observeCall: (operation, outcome, seconds) => {
      metrics.observeKeycloakCall(operation, outcome, seconds);
    },
  });
  const { smtpUrl, from, replyTo } = config.mail;
  const mailer =
    smtpUrl !== undefined && from !== undefined ? createSmtpMailer({ smtpUrl, from, replyTo }) : undefined;
  // The adapter's own: one cache of `credman/info` for its reads, the jobs and `/readyz`.
  const { extension } = keycloak;
  return { metrics, keycloak, extension, verifyToken, mailer };
}

const messageSettings = (config: Config) => ({
  publicUrl: config.publicUrl,
  zone: config.timeZone,
  support: config.support,
});

function createServices(
  config: Config,
  logger: Logger,
  { keycloak, extension, mailer, metrics }: Adapters,
): Services {
  const notifier = mailer
    ? createSecurityNotifier({
        keycloak,
        mailer,
        logger,
        onOutcome: (outcome) => {
          metrics.securityNotices.inc({ outcome });
        },
        settings: { ...messageSettings(config), operatorEmail: config.mail.operatorEmail },
      })
    : undefined;
  const serviceDeps: CredentialServiceDeps = {
    nextDueAt,
    keycloak,
    now,
    logger,
    lastUseAttribution: () => extension.attribution(),
    onSecretChange: notifier?.onSecretChange,
    onClaimConflict: (reason) => {
      metrics.claimConflicts.inc({ reason });
    },
    config: {
      zone: config.timeZone,
      catalogue: DEFAULT_API_CATALOGUE,
      maxValidityDays: config.maxValidityDays,
    },
  };
  // The one application store: the credential service writes with it, the operator use cases read it.
  const store = createApplicationStore(serviceDeps);
  return { store, credentials: new CredentialService({ ...serviceDeps, store }), notifier };
}

function readinessOf(config: Config, { keycloak, extension }: Adapters): Readiness {
  return sharedReadiness(
    keycloakReadiness({
      issuer: config.keycloak.internalIssuer,
      timeoutMs: config.keycloak.timeoutMs,
      rotationPolicies: () => keycloak.rotationPolicies(),
      extension: () => extension.current(),
    }),
  );
}

function startApp(
  config: Config,
  logger: Logger,
  adapters: Adapters,
  services: Services,
  realmScan: RealmScanner,
): Promise<RunningServer> {
  const { keycloak, verifyToken, metrics } = adapters;
  return start({
    port: config.port,
    config,
    logger,
    metrics,
    verifyToken,
    managerRights: cacheManagerRights(keycloakManagerRights(keycloak)),
    operatorRights: cacheOperatorRights(keycloakOperatorRights(keycloak, config.auth.operatorRole)),
    sessionCheck: cacheSessionCheck(keycloakSessionCheck(keycloak)),
    apiRoutes: apiRoutes({
      keycloak,
      catalogue: DEFAULT_API_CATALOGUE,
      now,
      credentials: services.credentials,
      store: services.store,
      tokenEndpoint: config.keycloak.tokenEndpoint,
      realmSummary: () => realmScan.latest(),
      onManagerChange: services.notifier?.onManagerChange,
      onApplicationEdit: services.notifier?.onApplicationEdit,
    }),
    readiness: readinessOf(config, adapters),
  });
}

/** The management server (/metrics and the probes), when CREDMAN_MANAGEMENT_PORT is set. */
async function startManagement(
  config: Config,
  logger: Logger,
  adapters: Adapters,
): Promise<ManagementServer | undefined> {
  if (config.managementPort === undefined) return undefined;
  const probes = healthRoutes(readinessOf(config, adapters), logger);
  const server = await startManagementServer(
    createManagementApp(adapters.metrics, probes),
    config.managementPort,
  );
  logger.info({ url: server.url }, `management server (metrics) listening on ${server.url}`);
  return server;
}

function startReminders(config: Config, logger: Logger, adapters: Adapters, services: Services) {
  const { keycloak, mailer } = adapters;
  if (!mailer) {
    logger.warn('CREDMAN_SMTP_URL is not set: no expiry reminders and no security notices are sent');
    return undefined;
  }
  adapters.metrics.remindersEnabled.set(config.reminders.enabled ? 1 : 0);
  const reminders = startReminderRunner({
    metrics: adapters.metrics,
    keycloak,
    credentials: services.credentials,
    mailer,
    now,
    logger,
    catalogue: DEFAULT_API_CATALOGUE,
    settings: {
      ...messageSettings(config),
      operatorEmail: config.mail.operatorEmail,
      sidecarClientId: config.keycloak.clientId,
    },
    dueIndex: () => adapters.extension.hasDueIndex(),
    recordsBatch: () => adapters.extension.hasRecordsBatch(),
    schedule: config.reminders.schedule,
    enabled: config.reminders.enabled,
  });
  logger.info(
    { nextReminderRun: reminders.nextRun()?.toISOString() ?? null },
    config.reminders.enabled ? 'reminders scheduled' : 'reminders disabled on this replica',
  );
  return reminders;
}

function startJobs(
  config: Config,
  logger: Logger,
  adapters: Adapters,
  services: Services,
  realmScan: RealmScanner,
): Jobs {
  // Records expiries and out-of-band changes. Keycloak already refuses an expired secret by itself; this only
  // brings credman's record up to date. Safe on every replica: each sweep write takes the application's
  // revision claim like any other write (credentials/write-claim.ts).
  const sweeper = new Sweeper({
    keycloak: adapters.keycloak,
    credentials: services.credentials,
    catalogue: DEFAULT_API_CATALOGUE,
    logger,
    intervalSeconds: config.sweepIntervalSeconds,
    metrics: adapters.metrics,
    dueIndex: () => adapters.extension.hasDueIndex(),
    now,
    // Daily: rewrites the credman.due entries that are wrong for their records (idle without the due index).
    reconcile: { hourUtc: config.reconcileHourUtc, due: services.credentials.applications.dueSettings },
  });
  sweeper.start();
  // In every replica too: each write takes the application's claim, and events are counted once per record.
  const retiredWatch = new RetiredSecretWatch({
    keycloak: adapters.keycloak,
    credentials: services.credentials,
    reportsRetiredSecrets: () => adapters.extension.reportsRetiredSecrets(),
    mailer: adapters.mailer,
    settings: { ...messageSettings(config), operatorEmail: config.mail.operatorEmail },
    logger,
    now,
  });
  retiredWatch.start();
  realmScan.start();
  return { sweeper, realmScan, retiredWatch, reminders: startReminders(config, logger, adapters, services) };
}

interface Running {
  server: RunningServer;
  management: ManagementServer | undefined;
  jobs: Jobs;
  adapters: Adapters;
  services: Services;
}

/** Drains on the first SIGTERM/SIGINT; a second one exits at once. */
function stopOnSignals(logger: Logger, { server, management, jobs, adapters, services }: Running): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal means "now": do not wait for in-flight requests any longer.
      logger.warn({ signal }, 'second signal, exiting immediately');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: draining in-flight requests');
    Promise.all([
      jobs.sweeper.stop(),
      jobs.realmScan.stop(),
      jobs.retiredWatch.stop(),
      jobs.reminders?.stop(),
      server.close(),
      management?.close(),
    ])
      .then(() => services.notifier?.idle())
      .finally(() => adapters.mailer?.close())
      .then(
        () => {
          logger.info('stopped');
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error while stopping');
          process.exitCode = 1;
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(): Promise<void> {
  const config = readConfig();
  if (config === undefined) return;
  const logger = createLogger({ level: config.logLevel });
  const adapters = createAdapters(config);
  const services = createServices(config, logger, adapters);
  const realmScan = new RealmScanner({
    keycloak: adapters.keycloak,
    catalogue: DEFAULT_API_CATALOGUE,
    logger,
    now,
    intervalSeconds: config.realmScanIntervalSeconds,
    metrics: adapters.metrics,
  });
  const server = await startApp(config, logger, adapters, services, realmScan);
  const management = await startManagement(config, logger, adapters);
  const jobs = startJobs(config, logger, adapters, services, realmScan);
  logger.info(
    { url: server.url, keycloak: config.keycloak.issuer },
    `credman sidecar listening on ${server.url}`,
  );
  stopOnSignals(logger, { server, management, jobs, adapters, services });
  void logExtension(logger, adapters.extension);
}

/** One line at start-up: whether credman's Keycloak extension is there, and what credman lacks without it. */
async function logExtension(logger: Logger, extension: ExtensionStatus): Promise<void> {
  const info = await extension.current();
  const missing = missingFeatures(info);
  if (info === undefined)
    logger.warn('credman Keycloak extension: not known yet (Keycloak did not answer); checked again later');
  else if (missing.length === 0)
    logger.info(
      { extension: { version: info.present ? info.version : undefined } },
      'credman Keycloak extension present',
    );
  else
    logger.warn(
      { extension: { present: info.present, missing } },
      `credman Keycloak extension ${info.present ? 'lacks features' : 'not installed'}: credman cannot tell ${missing.join(' nor ')}`,
    );
}

main().catch((error: unknown) => {
  // eslint-disable-next-line no-console
  console.error('credman sidecar failed to start:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
