// The double's HTTP surface as one Hono app: usable in-process through msw (msw.ts) and over real HTTP
// (server.ts). Routes live with their modules; this file only composes them.
import { Hono } from 'hono';
import type { KeycloakDouble } from './double.ts';
import { discoveryDocument } from './oidc/discovery.ts';
import { handleTokenRequest } from './oidc/token-endpoint.ts';

export type DoubleEnv = { Variables: { issuer: string; ipAddress: string } };

/** Extension point for route modules (login pages, admin REST) registered on the realm's router. */
export type RouteModule = (app: Hono<DoubleEnv>, double: KeycloakDouble) => void;

export function createDoubleApp(double: KeycloakDouble, modules: RouteModule[] = []): Hono<DoubleEnv> {
  const app = new Hono<DoubleEnv>();
  const realmName = double.realm.name;

  // Keycloak derives the issuer from the request's own URL (no fixed frontend URL configured).
  app.use('*', async (c, next) => {
    c.set('issuer', `${new URL(c.req.url).origin}/realms/${realmName}`);
    c.set('ipAddress', c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? '127.0.0.1');
    await next();
  });

  app.use('/realms/:realm/*', async (c, next) => {
    if (c.req.param('realm') !== realmName) return c.json({ error: 'Realm does not exist' }, 404);
    await next();
    return undefined;
  });
  app.use('/admin/realms/:realm/*', async (c, next) => {
    if (c.req.param('realm') !== realmName) return c.json({ error: 'Realm not found.' }, 404);
    await next();
    return undefined;
  });

  app.get('/realms/:realm/.well-known/openid-configuration', (c) =>
    c.json(discoveryDocument(double, c.get('issuer'))),
  );
  app.get('/realms/:realm/protocol/openid-connect/certs', (c) => c.json(double.keys.jwks()));
  app.post('/realms/:realm/protocol/openid-connect/token', (c) =>
    handleTokenRequest(double, c.req.raw, c.get('issuer'), c.get('ipAddress')),
  );

  for (const register of modules) register(app, double);
  return app;
}
