// The double as msw request handlers, for in-process tests: every request under `baseUrl` is answered by the
// same Hono app the HTTP server runs.
import { http } from 'msw';
import type { HttpHandler } from 'msw';
import type { Hono } from 'hono';
import type { DoubleEnv } from './app.ts';

export function keycloakDoubleHandlers(app: Hono<DoubleEnv>, baseUrl: string): HttpHandler[] {
  const base = baseUrl.replace(/\/$/, '');
  return [http.all(`${base}/*`, ({ request }) => app.fetch(request))];
}
