// CORS for the endpoints a browser app calls directly (token, userinfo), as Keycloak's Cors helper answers them:
// a preflight is answered for any origin; an actual response carries Access-Control-Allow-Origin only when the
// request's Origin is one of the client's web origins (`+` = origins of its redirect URIs, `*` = any).
import type { ClientModel } from '../model/types.ts';
import { allowedOrigins } from './token-claims.ts';

const ALLOWED_HEADERS =
  'Origin, Accept, X-Requested-With, Content-Type, Access-Control-Request-Method, Access-Control-Request-Headers, Authorization, DPoP';

export function isOriginAllowed(origins: string[], origin: string): boolean {
  return origins.includes('*') || origins.includes(origin);
}

/** Headers of a preflight answer (OPTIONS). */
export function preflightHeaders(origin: string | undefined, methods: string): Record<string, string> {
  if (origin === undefined) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': methods,
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': '3600',
  };
}

/** Adds the CORS headers to a response when the Origin is one the client allows. */
export function withClientCors(
  response: Response,
  origin: string | null,
  origins: string[] | ClientModel,
): Response {
  if (origin === null) return response;
  const list = Array.isArray(origins) ? origins : allowedOrigins(origins);
  if (!isOriginAllowed(list, origin)) return response;
  const headers = new Headers(response.headers);
  headers.set('access-control-allow-origin', origin);
  headers.set('access-control-allow-credentials', 'true');
  headers.append('vary', 'Origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
