// Security headers (helmet) with a strict CSP for a same-origin SPA: everything from 'self', except that
// keycloak-js talks to Keycloak (token refresh), so Keycloak's origin is allowed for fetches.
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export interface SecurityHeadersOptions {
  /** Keycloak's base URL as the browser reaches it. */
  keycloakUrl: string;
  /** The console's external URL; `upgrade-insecure-requests` is sent only when it is https. */
  publicUrl: string;
}

export function contentSecurityPolicy(options: SecurityHeadersOptions): Record<string, string[] | null> {
  const keycloakOrigin = new URL(options.keycloakUrl).origin;
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    // Inline <style> stays blocked; PatternFly's icons and form controls use data: images.
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", keycloakOrigin],
    frameSrc: ["'none'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    upgradeInsecureRequests: new URL(options.publicUrl).protocol === 'https:' ? [] : null,
  };
}

export function securityHeaders(options: SecurityHeadersOptions): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(options) },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
