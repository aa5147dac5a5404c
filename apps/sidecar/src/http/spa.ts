// Serves the built admin SPA: one origin, no CORS (docs/architecture.md#security-model). Hashed assets are
// immutable and cached for a year; index.html is revalidated on every load, so a deployment takes effect
// at once.
import { existsSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import express from 'express';
import type { Router } from 'express';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Vite writes content-hashed files as `assets/<name>-<hash>.<ext>`. */
export function isHashedAsset(relativePath: string): boolean {
  const parts = relativePath.split(sep);
  return (
    parts.length === 2 && parts[0] === 'assets' && /-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/.test(parts[1] ?? '')
  );
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** A router serving `dir` with an index.html fallback for client-side routes; undefined when not built. */
export function spaRouter(dir: string): Router | undefined {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return undefined;
  const router = express.Router();
  router.use(
    express.static(dir, {
      index: false,
      setHeaders(res, path) {
        res.setHeader('Cache-Control', isHashedAsset(relative(dir, path)) ? IMMUTABLE : REVALIDATE);
      },
    }),
  );
  // Client-side routes (/applications/x) get index.html; a missing file (/assets/gone.js) stays a 404.
  router.get('/{*path}', (req, res, next) => {
    if (isApiPath(req.path) || extname(req.path) !== '') {
      next();
      return;
    }
    res.setHeader('Cache-Control', REVALIDATE);
    res.sendFile(indexFile);
  });
  return router;
}
