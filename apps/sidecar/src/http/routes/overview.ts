// GET /api/overview (operators): the last realm scan of this replica (realm-scan.ts), never a read of every client
// per request. Before the first scan completed it answers zeros with `scan: null`, and the console says so.
import type { Overview, RealmScan } from '@credman/api-contract';
import type { RequestHandler, Router } from 'express';
import type { ApiRoutes } from './api-route.ts';
import { principalOf } from '../principal.ts';
import { ApiError } from '../problems.ts';
import { conditionView } from '../../overview/operator-list.ts';
import type { RealmSummary } from '../../overview/summary.ts';
import { summarise } from '../../overview/summary.ts';

export interface OverviewRoutesDeps {
  /** The last completed scan; undefined before the first. */
  latest: () => RealmSummary | undefined;
}

const iso = (millis: number) => new Date(millis).toISOString();

/** When a scan completed and how long it took, as the contract shows it. */
export function scanView(summary: RealmSummary): RealmScan {
  return { at: iso(summary.scannedAt), durationMs: Math.round(summary.durationMs) };
}

/** The response body of a summary (exported for the bench, which measures it). */
export function overviewBody(summary: RealmSummary | undefined): Overview {
  const shown = summary ?? summarise([], { startedAt: 0, endedAt: 0 });
  return {
    scan: summary === undefined ? null : scanView(summary),
    counts: shown.counts,
    weeks: summary === undefined ? [] : shown.weeks.map((week) => ({ ...week, from: iso(week.from) })),
    applications: shown.applications.map((app) => ({
      clientId: app.clientId,
      sandboxOnly: app.sandboxOnly,
      ...conditionView(app),
    })),
  };
}

function getOverview(deps: OverviewRoutesDeps): RequestHandler {
  return (req, res) => {
    if (!principalOf(req).isOperator)
      throw new ApiError('operator-required', { detail: 'Only credman operators may do this.' });
    const body = overviewBody(deps.latest());
    res.set('Cache-Control', 'no-store').json(body);
  };
}

export function overviewRoutes(deps: OverviewRoutesDeps): ApiRoutes {
  return (router: Router) => {
    router.get('/overview', getOverview(deps));
  };
}
