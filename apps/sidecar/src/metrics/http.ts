// HTTP request metrics on the public port, and the management server (CREDMAN_MANAGEMENT_PORT) that serves
// /metrics beside the probes, off the public port like Keycloak's 9000. The request histogram is labelled by
// the Express route template (`/api/applications/:clientId`), never the raw path, so a client ID never becomes
// a label value.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import express, { Router } from 'express';
import type { Express, Request, RequestHandler, Response } from 'express';
import type { Metrics } from './metrics.ts';
import { NO_ROUTE } from './metrics.ts';

const ROUTE_BASE = 'credmanRouteBase';

/**
 * Remembers the mount path of the router a route matched in: Express resets `req.baseUrl` when an error leaves
 * the router, so by the time the response finishes it may no longer say `/api`. Used first in every mounted
 * router with routes (app.ts).
 */
export const rememberRouteBase: RequestHandler = (req, res, next) => {
  res.locals[ROUTE_BASE] = req.baseUrl;
  next();
};

/** The route template a request matched, with its router's mount path; NO_ROUTE when none matched. */
export function routeTemplate(req: Request, res: Response): string {
  const route: unknown = req.route;
  const path = (route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return NO_ROUTE;
  const base: unknown = res.locals[ROUTE_BASE];
  return `${typeof base === 'string' ? base : ''}${path}`;
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Observes every request when its response finishes (or its connection closes first). */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    let done = false;
    const observe = () => {
      if (done) return;
      done = true;
      metrics.httpRequests.observe(
        {
          method: KNOWN_METHODS.has(req.method) ? req.method : 'OTHER',
          route: routeTemplate(req, res),
          status: String(res.statusCode),
        },
        (performance.now() - started) / 1000,
      );
    };
    res.once('finish', observe);
    res.once('close', observe);
    next();
  };
}

/** The management port's app: /metrics, and the same probes as the public port. */
export function createManagementApp(metrics: Metrics, probes: Router): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(probes);
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const { contentType, body } = await metrics.exposition();
    res.set('Content-Type', contentType).set('Cache-Control', 'no-store').send(body);
  });
  app.use(router);
  app.use((_req, res) => {
    res
      .status(404)
      .type('text/plain')
      .send('not found: the management port serves /metrics, /healthz and /readyz\n');
  });
  return app;
}

export interface ManagementServer {
  url: string;
  close(): Promise<void>;
}

/** Listens with the management app on `port` (0: any free one). */
export async function startManagementServer(
  app: Express,
  port: number,
  host?: string,
): Promise<ManagementServer> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const wildcard = address.address === '::' || address.address === '0.0.0.0';
  return {
    url: `http://${wildcard ? 'localhost' : shown}:${String(address.port)}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeAllConnections();
      }),
  };
}
