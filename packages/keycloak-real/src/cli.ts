// `npm run keycloak:real`: the real Keycloak (the version docker-compose.yml pins, from Maven Central) with the
// demo realm, in the foreground, where `npm run keycloak-double` runs the double: port 8180, realm `credman`,
// sidecar secret CREDMAN_SIDECAR_CLIENT_SECRET (default the demo one). Ctrl+C or SIGTERM stops it and drops its
// database. Options: --port (8180), --management-port (9000), --label (names the database; default `demo`),
// --extension on|off (credman's Keycloak extension, built when stale; default on).
import { parseArgs } from 'node:util';
import { DEMO_REALM, demoImportFiles, demoRealmEnv } from './demo-realm.ts';
import { startKeycloak } from './keycloak-server.ts';
import type { RealKeycloak } from './keycloak-server.ts';
import { ToolchainError } from './toolchain.ts';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.KEYCLOAK_REAL_PORT ?? '8180' },
    'management-port': { type: 'string', default: process.env.KEYCLOAK_REAL_MANAGEMENT_PORT ?? '9000' },
    label: { type: 'string', default: 'demo' },
    extension: { type: 'string', default: process.env.KEYCLOAK_REAL_EXTENSION ?? 'on' },
  },
});
if (values.extension !== 'on' && values.extension !== 'off') {
  process.stderr.write(`--extension must be on or off, got ${values.extension}\n`);
  process.exit(2);
}

let keycloak: RealKeycloak | undefined;
let stopping = false;

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (keycloak) {
    say('Stopping Keycloak …');
    await keycloak.stop();
    say('Keycloak stopped; its database was dropped.');
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void stop(0);
  });
}

try {
  const env = demoRealmEnv();
  keycloak = await startKeycloak({
    label: values.label,
    httpPort: Number(values.port),
    managementPort: Number(values['management-port']),
    importFiles: demoImportFiles(),
    env,
    extension: values.extension === 'on',
    log: say,
  });
  const db =
    keycloak.database.kind === 'postgres'
      ? `PostgreSQL database ${keycloak.database.name} on ${keycloak.database.server.host}:${String(keycloak.database.server.port)} (dropped on exit)`
      : "Keycloak's dev-file database (no PostgreSQL reachable)";
  say(`
Keycloak ${keycloak.version} is ready (started in ${(keycloak.startupMs / 1000).toFixed(0)} s on Java ${String(keycloak.javaMajor)}).
  realm ${DEMO_REALM}:     ${keycloak.url}/realms/${DEMO_REALM}
  admin console:     ${keycloak.url}/admin  (${keycloak.admin.username} / ${keycloak.admin.password})
  health:            ${keycloak.managementUrl}/health/ready
  sidecar secret:    ${env.CREDMAN_SIDECAR_CLIENT_SECRET ?? ''}
  database:          ${db}
  credman extension: ${keycloak.extension ? 'loaded (providers/credman-keycloak-extension.jar)' : 'not loaded (stock Keycloak; --extension on to load it)'}
  log:               ${keycloak.logFile}
Demo users log in with password + TOTP: \`npm run demo:totp\` prints their current codes (keycloak-realm/README.md).
Ctrl+C stops Keycloak.`);
} catch (error) {
  process.stderr.write(
    `${error instanceof ToolchainError ? '' : 'Could not start Keycloak: '}${error instanceof Error ? error.message : String(error)}\n`,
  );
  await stop(1);
}
