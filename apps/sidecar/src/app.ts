// createApp(deps): the Express application, built only from what it is given (no environment, no listening,
// no timers), so tests can build as many as they like with doubles for every dependency.
import type { ConsoleConfig } from '@credman/api-contract';
import express, { Router } from 'express';
import type { Express } from 'express';
import type { Store } from 'express-rate-limit';
import type { Config } from './config.ts';
import { authenticate } from './http/auth.ts';
import type { TokenVerifier } from './http/auth.ts';
import { apiNotFound, errorHandler, jsonBody, notFound, requireJsonBody } from './http/errors.ts';
import type { ManagerRights } from './http/manager-rights.ts';
import { confirmOperatorRole } from './http/operator-rights.ts';
import type { OperatorRights } from './http/operator-rights.ts';
import { OPENAPI_DOCUMENT } from './http/openapi.ts';
import { requireLiveSession } from './http/session-check.ts';
import type { SessionCheck } from './http/session-check.ts';
import { ipRateLimit, mutationRateLimit, readRateLimit } from './http/rate-limit.ts';
import type { RateLimitBudget } from './http/rate-limit.ts';
import { answerMethodNotAllowed } from './http/route-table.ts';
import type { ApiRouteContext, ApiRoutes } from './http/routes/api-route.ts';
import { healthRoutes } from './http/routes/health.ts';
import type { Readiness } from './http/routes/health.ts';
import { registerMeRoutes } from './http/routes/me.ts';
import { securityHeaders } from './http/security-headers.ts';
import { favicon } from './http/favicon.ts';
import { spaRouter } from './http/spa.ts';
import { createHttpLogger } from './logging.ts';
import { rememberRouteBase, requestMetrics } from './metrics/http.ts';
import type { Metrics } from './metrics/metrics.ts';
import { DEFAULT_REQUEST_DEADLINE_MS, requestDeadline } from './request-deadline.ts';
import type { Logger } from './logging.ts';

export type AppConfig = Pick<
  Config,
  'publicUrl' | 'trustProxyHops' | 'rateLimitMutationsPerMinute' | 'spaDir' | 'timeZone' | 'maxValidityDays'
> &
  Partial<
    Pick<Config, 'rateLimitReadsPerMinute' | 'rateLimitPerIpPerMinute' | 'requestDeadlineMs' | 'support'>
  > & {
    keycloak: Pick<Config['keycloak'], 'publicUrl' | 'realm'>;
    auth: Pick<Config['auth'], 'consoleClientId'>;
  };

export interface AppDeps {
  config: AppConfig;
  logger: Logger;
  verifyToken: TokenVerifier;
  readiness: Readiness;
  managerRights?: ManagerRights;
  /** Live check of the operator role (docs/architecture.md#authorisation); undefined trusts the token. */
  operatorRights?: OperatorRights;
  /** Live check that a mutation's token session has not ended (http/session-check.ts); undefined trusts the token. */
  sessionCheck?: SessionCheck;
  /** Route modules beyond /api/me (applications, secrets, users), each with the use cases it needs. */
  apiRoutes?: readonly ApiRoutes[];
  /** Shared rate-limit store for several replicas; in-memory otherwise. */
  rateLimitStore?: Store;
  /** This process's metrics (metrics/metrics.ts); none: nothing is measured. */
  metrics?: Metrics;
}

// Default of CREDMAN_RATE_LIMIT_PER_IP_PER_MINUTE, for apps built without it.
const DEFAULT_PER_IP_PER_MINUTE = 1200;
// Default of CREDMAN_RATE_LIMIT_READS_PER_MINUTE, for apps built without it.
const DEFAULT_READS_PER_MINUTE = 240;

function apiRouter(deps: AppDeps): Router {
  const router = Router();
  router.use(rememberRouteBase);
  router.use(requestDeadline(deps.config.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS));
  router.get('/openapi.json', (_req, res) => {
    res.json(OPENAPI_DOCUMENT);
  });
  // What the SPA needs before it can log in: public by nature (keycloak-js puts all of it in the login URL).
  router.get('/console-config', (_req, res) => {
    const body: ConsoleConfig = {
      keycloakUrl: deps.config.keycloak.publicUrl,
      realm: deps.config.keycloak.realm,
      clientId: deps.config.auth.consoleClientId,
      support: deps.config.support ?? null,
    };
    res.json(body);
  });
  // Everything below needs a verified token; unknown /api paths also answer 401 first, so an anonymous caller
  // learns nothing about which endpoints exist.
  router.use(authenticate(deps.verifyToken));
  const metrics = deps.metrics;
  const store = {
    store: deps.rateLimitStore,
    ...(metrics === undefined
      ? {}
      : {
          onRefused: (budget: RateLimitBudget) => {
            metrics.rateLimited.inc({ budget });
          },
        }),
  };
  router.use(mutationRateLimit({ perMinute: deps.config.rateLimitMutationsPerMinute, ...store }));
  router.use(
    readRateLimit({ perMinute: deps.config.rateLimitReadsPerMinute ?? DEFAULT_READS_PER_MINUTE, ...store }),
  );
  router.use(requireLiveSession(deps.sessionCheck));
  router.use(confirmOperatorRole(deps.operatorRights));
  router.use(requireJsonBody, jsonBody());
  registerMeRoutes(router, {
    zone: deps.config.timeZone,
    maxValidityDays: deps.config.maxValidityDays,
  });
  const context: ApiRouteContext = { managerRights: deps.managerRights };
  for (const register of deps.apiRoutes ?? []) register(router, context);
  answerMethodNotAllowed(router);
  router.use(apiNotFound);
  return router;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // No automatic ETags on API responses: they are `no-store` anyway, and the create's would be a hash of a body
  // holding the secret value. Static files keep their own (serve-static).
  app.set('etag', false);
  // A hop count, never `true`: X-Forwarded-For is only trusted as far as our own proxies wrote it.
  app.set('trust proxy', deps.config.trustProxyHops);
  if (deps.metrics) app.use(requestMetrics(deps.metrics));
  app.use(createHttpLogger(deps.logger));
  app.use(securityHeaders({ keycloakUrl: deps.config.keycloak.publicUrl, publicUrl: deps.config.publicUrl }));
  // Before anything costs work (token verification, probes, files): one budget per client IP for every request.
  app.use(
    ipRateLimit({
      perMinute: deps.config.rateLimitPerIpPerMinute ?? DEFAULT_PER_IP_PER_MINUTE,
      store: deps.rateLimitStore,
      ...(deps.metrics === undefined
        ? {}
        : { onRefused: (budget: RateLimitBudget) => deps.metrics?.rateLimited.inc({ budget }) }),
    }),
  );

  const health = healthRoutes(deps.readiness, deps.logger);
  answerMethodNotAllowed(health);
  app.use(health);
  app.use(favicon());
  app.use('/api', apiRouter(deps));
  const spa = spaRouter(deps.config.spaDir);
  if (spa !== undefined) app.use(spa);
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
