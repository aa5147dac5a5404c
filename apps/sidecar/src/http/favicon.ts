// The console's icon, served by the sidecar itself at /favicon.svg and at /favicon.ico (browsers ask for the
// latter on their own): without it every page view logged a 404. A key on credman's blue, as SVG, which every
// current browser takes as an icon whatever the path's extension. A middleware, not a route: it is a static file
// like the console's, not part of the API surface the OpenAPI document lists.
import type { RequestHandler } from 'express';

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0066cc"/><circle cx="11" cy="16" r="6" fill="none" stroke="#fff" stroke-width="3"/><path d="M17 16h11M24 16v5M28 16v4" stroke="#fff" stroke-width="3" stroke-linecap="round"/></svg>
`;

const FAVICON_PATHS = new Set(['/favicon.ico', '/favicon.svg']);

export function favicon(): RequestHandler {
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !FAVICON_PATHS.has(req.path)) {
      next();
      return;
    }
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(FAVICON_SVG);
  };
}
