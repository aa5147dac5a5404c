// The demo realm as Keycloak imports it in `docker compose` (keycloak-realm/demo-import), with the values its
// placeholders take in the demo, so the real server and the double start from the same realm.
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from './pinned-version.ts';

export const DEMO_REALM = 'credman';
export const DEMO_SIDECAR_SECRET = 'credman-demo-sidecar-secret';
export const DEMO_IMPORT_FILE = `${REPO_ROOT}keycloak-realm/demo-import/credman-realm.json`;

/** Keycloak's environment for the demo realm's placeholders (keycloak-realm/README.md → Placeholders). */
export function demoRealmEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    CREDMAN_SIDECAR_CLIENT_SECRET: env.CREDMAN_SIDECAR_CLIENT_SECRET ?? DEMO_SIDECAR_SECRET,
    CREDMAN_CONSOLE_URL: env.CREDMAN_CONSOLE_URL ?? 'http://localhost:8080',
    CREDMAN_CONSOLE_DEV_URL: env.CREDMAN_CONSOLE_DEV_URL ?? 'http://localhost:5173',
    // The production template defaults to client-jwt; the demo's sidecar uses its secret.
    CREDMAN_SIDECAR_CLIENT_AUTHENTICATOR: env.CREDMAN_SIDECAR_CLIENT_AUTHENTICATOR ?? 'client-secret',
    CREDMAN_SMTP_HOST: env.CREDMAN_SMTP_HOST ?? 'localhost',
    CREDMAN_SMTP_PORT: env.CREDMAN_SMTP_PORT ?? '1025',
  };
}

export function demoImportFiles(): Record<string, string> {
  return { 'credman-realm.json': readFileSync(DEMO_IMPORT_FILE, 'utf8') };
}
