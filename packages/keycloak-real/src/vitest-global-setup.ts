// Global set-up of `npm run test:keycloak`: provisions ONE real Keycloak (the pinned version, PostgreSQL, demo
// realm) for the whole run and tells the suites where it is through the variables they already read
// (KEYCLOAK_URL, KEYCLOAK_SIDECAR_CLIENT_SECRET, KEYCLOAK_ADMIN_USERNAME/PASSWORD). A server that cannot be
// provisioned fails the run: there is no silent fall-back to the double here.
import { DEMO_REALM, DEMO_SIDECAR_SECRET, demoImportFiles, demoRealmEnv } from './demo-realm.ts';
import { startKeycloak } from './keycloak-server.ts';
import { PROBE_ENV, PROBE_FILE_TEXT } from './placeholder-probe.ts';

function say(line: string): void {
  process.stderr.write(`[keycloak] ${line}\n`);
}

export default async function setup(): Promise<() => Promise<void>> {
  const keycloak = await startKeycloak({
    label: 'test-keycloak',
    httpPort: 0,
    importFiles: { ...demoImportFiles(), 'credman-placeholder-probe-realm.json': PROBE_FILE_TEXT },
    env: { ...demoRealmEnv({ CREDMAN_SIDECAR_CLIENT_SECRET: DEMO_SIDECAR_SECRET }), ...PROBE_ENV },
    log: say,
  });
  say(
    `Keycloak ${keycloak.version} ready at ${keycloak.url} in ${(keycloak.startupMs / 1000).toFixed(0)} s (Java ${String(keycloak.javaMajor)}, ${keycloak.database.kind}${keycloak.database.kind === 'dev-file' ? `: ${keycloak.database.reason}` : ''}); log ${keycloak.logFile}`,
  );
  Object.assign(process.env, {
    KEYCLOAK_URL: keycloak.url,
    KEYCLOAK_VERSION: keycloak.version,
    KEYCLOAK_REALM: DEMO_REALM,
    KEYCLOAK_SIDECAR_CLIENT_SECRET: DEMO_SIDECAR_SECRET,
    KEYCLOAK_ADMIN_USERNAME: keycloak.admin.username,
    KEYCLOAK_ADMIN_PASSWORD: keycloak.admin.password,
    KEYCLOAK_LOG_FILE: keycloak.logFile,
  });
  return () => keycloak.stop();
}
