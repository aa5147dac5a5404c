// `npm run keycloak-double`: the double over HTTP with credman's demo realm, for the no-Docker demo and for
// browser tests. Test infrastructure: never point a production sidecar at it.
import { parseArgs } from 'node:util';
import { loadRealm, parseCredmanRealm } from '@credman/realm';
import { createDoubleApp } from './app.ts';
import { createKeycloakDouble } from './double.ts';
import { demoTotpRoutes } from './login/demo-totp.ts';
import { allRouteModules } from './routes.ts';
import { startServer } from './server.ts';

/** The sidecar's client secret in the demo realm when CREDMAN_SIDECAR_CLIENT_SECRET is not set. */
export const DEMO_SIDECAR_SECRET = 'credman-demo-sidecar-secret';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.KEYCLOAK_DOUBLE_PORT ?? '8180' },
    host: { type: 'string', default: process.env.KEYCLOAK_DOUBLE_HOST ?? '127.0.0.1' },
    // Demo mode of `npm start` only: the login pages list the demo users' current TOTP codes.
    'demo-show-totp': { type: 'boolean', default: false },
    // credman's Keycloak extension, modelled: on unless `--extension off` (stock Keycloak).
    extension: { type: 'string', default: process.env.KEYCLOAK_DOUBLE_EXTENSION ?? 'on' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a TCP port number, got ${values.port}\n`);
  process.exit(2);
}

if (values.extension !== 'on' && values.extension !== 'off') {
  process.stderr.write(`--extension must be on or off, got ${values.extension}\n`);
  process.exit(2);
}
const extension = values.extension === 'on';

const env = { CREDMAN_SIDECAR_CLIENT_SECRET: DEMO_SIDECAR_SECRET, ...process.env };
const realm = loadRealm({ env, demo: true });
parseCredmanRealm(realm);
const double = await createKeycloakDouble({ realm, extension });
// Registered first so that it wraps the login pages of the login routes.
const modules = values['demo-show-totp'] ? [demoTotpRoutes, ...allRouteModules] : allRouteModules;
const server = await startServer(createDoubleApp(double, modules), { port, hostname: values.host });
process.stdout.write(
  `Keycloak test double (realm "${double.realm.name}", demo data) listening on ${server.url}\n` +
    `  issuer: ${server.url}/realms/${double.realm.name}\n` +
    `  credman's Keycloak extension: ${extension ? 'modelled (--extension off for stock Keycloak)' : 'off (stock Keycloak)'}\n` +
    (values['demo-show-totp'] ? "  demo mode: login pages show the demo users' current TOTP codes\n" : ''),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
