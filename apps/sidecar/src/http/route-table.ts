// What an Express router has registered, read from its stack. Used to answer 405 for known paths and by the
// test that keeps the OpenAPI document and the registered routes in step.
import type { RequestHandler, Router } from 'express';
import { ApiError } from './problems.ts';

export interface RegisteredRoute {
  /** Upper-case HTTP method. */
  method: string;
  /** Express path, e.g. `/api/applications/:clientId`. */
  path: string;
}

interface StackLayer {
  route?: { path: string; stack: { method?: string }[] };
  handle: unknown;
}

function isRouter(handle: unknown): handle is { stack: StackLayer[] } {
  return typeof handle === 'function' && Array.isArray((handle as { stack?: unknown }).stack);
}

/** Every method+path registered on `router`, including routers mounted on it with a plain string path. */
export function registeredRoutes(router: { stack: readonly unknown[] }, prefix = ''): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  for (const layer of router.stack as StackLayer[]) {
    if (layer.route !== undefined) {
      const methods = new Set(
        layer.route.stack.map((entry) => entry.method).filter((m) => typeof m === 'string'),
      );
      for (const method of methods)
        routes.push({ method: method.toUpperCase(), path: prefix + layer.route.path });
    } else if (isRouter(layer.handle)) {
      // Express 5 (router 2) keeps the mount path as `rawPath`; it is not part of the typed API.
      const mountPath: unknown = Reflect.get(layer, 'rawPath');
      if (typeof mountPath === 'string')
        routes.push(...registeredRoutes(layer.handle, prefix + mountPath.replace(/\/$/, '')));
    }
  }
  return routes;
}

/**
 * For every path registered on `router` so far, answers other methods with 405 and an `Allow` header.
 * Call it after the last route; Express answers HEAD through GET handlers, so HEAD is allowed with GET.
 */
export function answerMethodNotAllowed(router: Router): void {
  const allowed = new Map<string, Set<string>>();
  for (const { method, path } of registeredRoutes(router)) {
    const methods = allowed.get(path) ?? new Set<string>();
    methods.add(method);
    if (method === 'GET') methods.add('HEAD');
    allowed.set(path, methods);
  }
  for (const [path, methods] of allowed) {
    const allow = [...methods].sort().join(', ');
    const handler: RequestHandler = (req) => {
      throw new ApiError('method-not-allowed', {
        detail: `${req.method} is not supported here; use ${allow}.`,
        headers: { Allow: allow },
      });
    };
    router.all(path, handler);
  }
}
