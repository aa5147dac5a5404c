// The sidecar process: configuration → logger → adapters → services → app → jobs, and a graceful stop on
// SIGTERM/SIGINT. Each step is one function; main() only wires them.
import { ConfigError, loadConfig } from './config.ts';
import type { Config } from './config.ts';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { CredentialService } from './credentials/credential-service.ts';
import { Sweeper } from './credentials/sweeper.ts';
import { createTokenVerifier } from './http/auth.ts';
import type { TokenVerifier } from './http/auth.ts';
import { keycloakManagerRights } from './http/keycloak-manager-rights.ts';
import { cacheManagerRights } from './http/manager-rights.ts';
import { cacheOperatorRights, keycloakOperatorRights } from './http/operator-rights.ts';
import { apiRoutes } from './http/routes/api-routes.ts';
import { KeycloakAdminAdapter } from './keycloak/admin-adapter.ts';
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
import { keycloakReadiness } from './readiness.ts';
import { startReminderRunner } from './reminders/schedule.ts';
import type { ReminderSchedule } from './reminders/schedule.ts';
import { createSecurityNotifier } from './reminders/security-notifier.ts';
import type { SecurityNotifier } from './reminders/security-notifier.ts';
import { start } from './server.ts';
import type { RunningServer } from './server.ts';

interface Adapters {
  keycloak: KeycloakAdminAdapter;
  verifyToken: TokenVerifier;
  /** Mail is optional: without CREDMAN_SMTP_URL there are no reminders and no security notices (logged once). */
  mailer: Mailer | undefined;
}

interface Services {
  credentials: CredentialService;
  notifier: SecurityNotifier | undefined;
}

interface Jobs {
  sweeper: Sweeper;
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
  const keycloak = new KeycloakAdminAdapter({
    ...connectionOptions(config),
    rotatedSecretEventDetail: config.keycloak.rotatedSecretEventDetail,
    breaker: new CircuitBreaker({
      failureThreshold: BREAKER_FAILURE_THRESHOLD,
      coolDownMs: BREAKER_COOL_DOWN_MS,
      now: Date.now,
    }),
  });
  const { smtpUrl, from, replyTo } = config.mail;
  const mailer =
    smtpUrl !== undefined && from !== undefined ? createSmtpMailer({ smtpUrl, from, replyTo }) : undefined;
  return { keycloak, verifyToken, mailer };
}

const messageSettings = (config: Config) => ({
  publicUrl: config.publicUrl,
  zone: config.timeZone,
  support: config.support,
});

function createServices(config: Config, logger: Logger, { keycloak, mailer }: Adapters): Services {
  const notifier = mailer
    ? createSecurityNotifier({
        keycloak,
        mailer,
        logger,
        settings: { ...messageSettings(config), operatorEmail: config.mail.operatorEmail },
      })
    : undefined;
  const credentials = new CredentialService({
    keycloak,
    now,
    logger,
    ...(notifier ? { onSecretChange: notifier.onSecretChange } : {}),
    config: {
      zone: config.timeZone,
      catalogue: DEFAULT_API_CATALOGUE,
      ...(config.maxValidityDays === undefined ? {} : { maxValidityDays: config.maxValidityDays }),
    },
  });
  return { credentials, notifier };
}

function startApp(
  config: Config,
  logger: Logger,
  adapters: Adapters,
  services: Services,
): Promise<RunningServer> {
  const { keycloak, verifyToken } = adapters;
  return start({
    port: config.port,
    config,
    logger,
    verifyToken,
    managerRights: cacheManagerRights(keycloakManagerRights(keycloak)),
    operatorRights: cacheOperatorRights(keycloakOperatorRights(keycloak, config.auth.operatorRole)),
    apiRoutes: apiRoutes({
      keycloak,
      catalogue: DEFAULT_API_CATALOGUE,
      now,
      credentials: services.credentials,
      tokenEndpoint: config.keycloak.tokenEndpoint,
      ...(services.notifier ? { onManagerChange: services.notifier.onManagerChange } : {}),
      ...(services.notifier ? { onApplicationEdit: services.notifier.onApplicationEdit } : {}),
    }),
    readiness: keycloakReadiness({
      issuer: config.keycloak.internalIssuer,
      timeoutMs: config.keycloak.timeoutMs,
      rotationPolicies: () => keycloak.rotationPolicies(),
    }),
  });
}

function startReminders(config: Config, logger: Logger, adapters: Adapters, services: Services) {
  const { keycloak, mailer } = adapters;
  if (!mailer) {
    logger.warn('CREDMAN_SMTP_URL is not set: no expiry reminders and no security notices are sent');
    return undefined;
  }
  const reminders = startReminderRunner({
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
    schedule: config.reminders.schedule,
    enabled: config.reminders.enabled,
  });
  logger.info(
    { nextReminderRun: reminders.nextRun()?.toISOString() ?? null },
    config.reminders.enabled ? 'reminders scheduled' : 'reminders disabled on this replica',
  );
  return reminders;
}

function startJobs(config: Config, logger: Logger, adapters: Adapters, services: Services): Jobs {
  // Records expiries and out-of-band changes. Keycloak already refuses an expired secret by itself; this only
  // brings credman's record up to date. Safe on every replica: each sweep write takes the application's
  // revision claim like any other write (credentials/write-claim.ts).
  const sweeper = new Sweeper({
    keycloak: adapters.keycloak,
    credentials: services.credentials,
    catalogue: DEFAULT_API_CATALOGUE,
    logger,
    intervalSeconds: config.sweepIntervalSeconds,
  });
  sweeper.start();
  return { sweeper, reminders: startReminders(config, logger, adapters, services) };
}

interface Running {
  server: RunningServer;
  jobs: Jobs;
  adapters: Adapters;
  services: Services;
}

/** Drains on the first SIGTERM/SIGINT; a second one exits at once. */
function stopOnSignals(logger: Logger, { server, jobs, adapters, services }: Running): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal means "now": do not wait for in-flight requests any longer.
      logger.warn({ signal }, 'second signal, exiting immediately');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: draining in-flight requests');
    Promise.all([jobs.sweeper.stop(), jobs.reminders?.stop(), server.close()])
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
  const server = await startApp(config, logger, adapters, services);
  const jobs = startJobs(config, logger, adapters, services);
  logger.info(
    { url: server.url, keycloak: config.keycloak.issuer },
    `credman sidecar listening on ${server.url}`,
  );
  stopOnSignals(logger, { server, jobs, adapters, services });
}

main().catch((error: unknown) => {
  // eslint-disable-next-line no-console
  console.error('credman sidecar failed to start:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
