// Liveness and readiness probes (docs/architecture.md#http-api). Liveness says only that the process
// serves HTTP; readiness asks the injected checks (Keycloak reachable) so a load balancer stops routing to
// a replica that cannot work.
import type { Health, Readiness as ReadinessBody } from '@credman/api-contract';
import { Router } from 'express';
import type { Logger } from '../../logging.ts';

export interface CheckResult {
  ok: boolean;
  /** Short reason shown to operators; never a secret or an internal stack. */
  detail?: string;
}

export interface ReadinessReport {
  ok: boolean;
  checks: Record<string, CheckResult>;
  /** credman's Keycloak extension: informational, never part of `ok`. */
  extension?: { present: boolean; version?: string; missing: string[] };
}

export type Readiness = () => Promise<ReadinessReport>;

export function healthRoutes(readiness: Readiness, logger: Logger): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    const body: Health = { status: 'ok' };
    res.set('Cache-Control', 'no-store').json(body);
  });
  router.get('/readyz', async (_req, res) => {
    let report: ReadinessReport;
    try {
      report = await readiness();
    } catch (error) {
      logger.error({ err: error }, 'readiness check failed unexpectedly');
      report = { ok: false, checks: { readiness: { ok: false, detail: 'the readiness check failed' } } };
    }
    const body: ReadinessBody = report;
    res
      .status(report.ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(body);
  });
  return router;
}
