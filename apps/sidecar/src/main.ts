// The sidecar process: configuration → logger → app → listen, and a graceful stop on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from './config.ts';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { CredentialService } from './credentials/credential-service.ts';
import { Sweeper } from './credentials/sweeper.ts';
import { createTokenVerifier } from './http/auth.ts';
import { keycloakManagerRights } from './http/keycloak-manager-rights.ts';
import { cacheManagerRights } from './http/manager-rights.ts';
import { apiRoutes } from './http/routes/api-routes.ts';
import { KeycloakAdminAdapter } from './keycloak/admin-adapter.ts';
import { createLogger } from './logging.ts';
import { createSmtpMailer } from './mail/mailer.ts';
import { keycloakReadiness } from './readiness.ts';
import { startReminderRunner } from './reminders/runner.ts';
import type { ReminderSchedule } from './reminders/runner.ts';
import { createSecurityNotifier } from './reminders/security-notifier.ts';
import type { SecurityNotifier } from './reminders/security-notifier.ts';
import { start } from './server.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // eslint-disable-next-line no-console
    console.error(error.message);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger({ level: config.logLevel });
  const clock = () => new Date();
  const verifyToken = createTokenVerifier({
    issuer: config.keycloak.issuer,
    jwksUrl: config.keycloak.jwksUrl,
    audience: config.auth.audience,
    consoleClientId: config.auth.consoleClientId,
    mfaAcr: config.auth.mfaAcr,
    operatorRole: config.auth.operatorRole,
    timeoutMs: config.keycloak.timeoutMs,
    clock,
  });
  const keycloak = new KeycloakAdminAdapter({
    baseUrl: config.keycloak.url,
    realm: config.keycloak.realm,
    clientId: config.keycloak.clientId,
    clientSecret: config.keycloak.clientSecret.reveal(),
    ...(config.keycloak.privateKey
      ? { privateKeyPem: config.keycloak.privateKey.reveal(), assertionAudience: config.keycloak.issuer }
      : {}),
    timeoutMs: config.keycloak.timeoutMs,
    rotatedSecretEventDetail: config.keycloak.rotatedSecretEventDetail,
  });
  // Mail is optional: without CREDMAN_SMTP_URL there are no reminders and no security notices (logged once).
  const mailer =
    config.mail.smtpUrl !== undefined && config.mail.from !== undefined
      ? createSmtpMailer({
          smtpUrl: config.mail.smtpUrl,
          from: config.mail.from,
          replyTo: config.mail.replyTo,
        })
      : undefined;
  const messageSettings = { publicUrl: config.publicUrl, zone: config.timeZone };
  const notifier: SecurityNotifier | undefined = mailer
    ? createSecurityNotifier({
        keycloak,
        mailer,
        logger,
        settings: { ...messageSettings, operatorEmail: config.mail.operatorEmail },
      })
    : undefined;
  const credentials = new CredentialService({
    keycloak,
    now: () => Date.now(),
    ...(notifier ? { onSecretChange: notifier.onSecretChange } : {}),
    config: {
      zone: config.timeZone,
      catalogue: DEFAULT_API_CATALOGUE,
      ...(config.maxValidityDays === undefined ? {} : { maxValidityDays: config.maxValidityDays }),
    },
  });
  const running = await start({
    port: config.port,
    config,
    logger,
    verifyToken,
    managerRights: cacheManagerRights(keycloakManagerRights(keycloak)),
    apiRoutes: apiRoutes({
      keycloak,
      catalogue: DEFAULT_API_CATALOGUE,
      now: () => Date.now(),
      credentials,
      tokenEndpoint: config.keycloak.tokenEndpoint,
    }),
    readiness: keycloakReadiness({
      issuer: config.keycloak.internalIssuer,
      timeoutMs: config.keycloak.timeoutMs,
      rotationPolicies: () => keycloak.rotationPolicies(),
    }),
  });
  // Records expiries and out-of-band changes. Keycloak already refuses an expired secret by itself; this only
  // brings credman's record up to date. Safe on every replica: each sweep write takes the application's
  // revision claim like any other write (credentials/write-claim.ts).
  const sweeper = new Sweeper({
    keycloak,
    credentials,
    catalogue: DEFAULT_API_CATALOGUE,
    logger,
    intervalSeconds: config.sweepIntervalSeconds,
  });
  sweeper.start();
  const reminders: ReminderSchedule | undefined = mailer
    ? startReminderRunner({
        keycloak,
        credentials,
        mailer,
        now: () => Date.now(),
        logger,
        catalogue: DEFAULT_API_CATALOGUE,
        settings: {
          ...messageSettings,
          operatorEmail: config.mail.operatorEmail,
          sidecarClientId: config.keycloak.clientId,
        },
        schedule: config.reminders.schedule,
        enabled: config.reminders.enabled,
      })
    : undefined;
  if (!mailer)
    logger.warn('CREDMAN_SMTP_URL is not set: no expiry reminders and no security notices are sent');
  else
    logger.info(
      { nextReminderRun: reminders?.nextRun()?.toISOString() ?? null },
      config.reminders.enabled ? 'reminders scheduled' : 'reminders disabled on this replica',
    );
  logger.info(
    { url: running.url, keycloak: config.keycloak.issuer },
    `credman sidecar listening on ${running.url}`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal means "now": do not wait for in-flight requests any longer.
      logger.warn({ signal }, 'second signal, exiting immediately');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: draining in-flight requests');
    Promise.all([sweeper.stop(), reminders?.stop(), running.close()])
      .then(() => notifier?.idle())
      .finally(() => mailer?.close())
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

main().catch((error: unknown) => {
  // eslint-disable-next-line no-console
  console.error('credman sidecar failed to start:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
