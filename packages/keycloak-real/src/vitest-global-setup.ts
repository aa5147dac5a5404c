// Global set-up of `npm run test:keycloak`: provisions the real Keycloak (the pinned version, PostgreSQL, demo
// realm) WITH credman's extension for the whole run and tells the suites where it is through the variables they
// already read (KEYCLOAK_URL, KEYCLOAK_SIDECAR_CLIENT_SECRET, KEYCLOAK_ADMIN_USERNAME/PASSWORD); and, started at
// the same time to keep the run short, a stock one (KEYCLOAK_STOCK_URL) with the same realm for the contract
// tests that compare both behaviours. A server that cannot be provisioned fails the run: there is no silent
// fall-back to the double here.
import { DEMO_REALM, DEMO_SIDECAR_SECRET, demoImportFiles, demoRealmEnv } from './demo-realm.ts';
import { startKeycloak } from './keycloak-server.ts';
import type { RealKeycloak } from './keycloak-server.ts';
import { PROBE_ENV, PROBE_FILE_TEXT } from './placeholder-probe.ts';

function say(line: string): void {
  process.stderr.write(`[keycloak] ${line}\n`);
}

function ready(keycloak: RealKeycloak): void {
  say(
    `Keycloak ${keycloak.version} ${keycloak.extension ? 'with' : 'without'} credman's extension ready at ${keycloak.url} in ${(keycloak.startupMs / 1000).toFixed(0)} s (Java ${String(keycloak.javaMajor)}, ${keycloak.database.kind}${keycloak.database.kind === 'dev-file' ? `: ${keycloak.database.reason}` : ''}); log ${keycloak.logFile}`,
  );
}

// Two servers start at once on two cores: each takes longer than one alone.
const READY_TIMEOUT_MS = 900_000;

export default async function setup(): Promise<() => Promise<void>> {
  const env = demoRealmEnv({ CREDMAN_SIDECAR_CLIENT_SECRET: DEMO_SIDECAR_SECRET });
  const started = await Promise.allSettled([
    startKeycloak({
      label: 'test-keycloak',
      httpPort: 0,
      importFiles: { ...demoImportFiles(), 'credman-placeholder-probe-realm.json': PROBE_FILE_TEXT },
      env: { ...env, ...PROBE_ENV },
      readyTimeoutMs: READY_TIMEOUT_MS,
      log: say,
    }),
    startKeycloak({
      label: 'test-keycloak-stock',
      httpPort: 0,
      importFiles: demoImportFiles(),
      env,
      extension: false,
      readyTimeoutMs: READY_TIMEOUT_MS,
      log: say,
    }),
  ]);
  const [withExtension, stock] = started;
  if (withExtension.status === 'rejected' || stock.status === 'rejected') {
    await Promise.all(started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.stop()] : [])));
    throw withExtension.status === 'rejected'
      ? withExtension.reason
      : (stock as PromiseRejectedResult).reason;
  }
  const keycloak = withExtension.value;
  ready(keycloak);
  ready(stock.value);
  Object.assign(process.env, {
    KEYCLOAK_STOCK_URL: stock.value.url,
    KEYCLOAK_STOCK_ADMIN_USERNAME: stock.value.admin.username,
    KEYCLOAK_STOCK_ADMIN_PASSWORD: stock.value.admin.password,
    KEYCLOAK_URL: keycloak.url,
    KEYCLOAK_VERSION: keycloak.version,
    KEYCLOAK_REALM: DEMO_REALM,
    KEYCLOAK_SIDECAR_CLIENT_SECRET: DEMO_SIDECAR_SECRET,
    KEYCLOAK_ADMIN_USERNAME: keycloak.admin.username,
    KEYCLOAK_ADMIN_PASSWORD: keycloak.admin.password,
    KEYCLOAK_LOG_FILE: keycloak.logFile,
  });
  return async () => {
    await Promise.all([keycloak.stop(), stock.value.stop()]);
  };
}
