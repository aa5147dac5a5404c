// The Keycloak double over real HTTP with credman's demo realm (keycloak-realm/README.md), counting the Admin API
// requests it answers, and admin adapters for the sidecar's service account at it (or at a proxy in front of it):
// the one way the sidecar's test harnesses start Keycloak.
import { loadRealm } from '@credman/realm';
import { Hono } from 'hono';
import {
  ManualClock,
  allRouteModules,
  createDoubleApp,
  createKeycloakDouble,
  startServer,
} from '@credman/keycloak-double';
import type { DoubleEnv, KeycloakDouble } from '@credman/keycloak-double';
import { KeycloakAdminAdapter } from '../keycloak/admin-adapter.ts';

export const DEMO_REALM = 'credman';
export const SIDECAR_CLIENT_ID = 'credman-sidecar';

export interface AdapterOptions {
  /** Another URL in front of the double, such as a fault proxy. */
  baseUrl?: string;
  timeoutMs?: number;
  readRetryDelaysMs?: number[];
  rotatedSecretEventDetail?: string;
}

/** An admin adapter with the sidecar's service account of `realm` at `baseUrl` (or at the options' proxy). */
export function sidecarAdapter(
  baseUrl: string,
  realm: string,
  sidecarSecret: string,
  options: AdapterOptions = {},
): KeycloakAdminAdapter {
  return new KeycloakAdminAdapter({
    baseUrl: options.baseUrl ?? baseUrl,
    realm,
    clientId: SIDECAR_CLIENT_ID,
    clientSecret: sidecarSecret,
    timeoutMs: options.timeoutMs ?? 5000,
    readRetryDelaysMs: options.readRetryDelaysMs,
    ...(options.rotatedSecretEventDetail
      ? { rotatedSecretEventDetail: options.rotatedSecretEventDetail }
      : {}),
  });
}

export interface DemoDouble {
  double: KeycloakDouble;
  clock: ManualClock;
  url: string;
  /** Requests the double has answered under /admin so far. */
  adminCalls: () => number;
  /** An admin adapter with the sidecar's service account. */
  adapter: (options?: AdapterOptions) => KeycloakAdminAdapter;
  close: () => Promise<void>;
}

export async function startDemoDouble(options: {
  sidecarSecret: string;
  startAt: number;
  /** Further realm placeholders (e.g. the console's URL). */
  realmEnv?: Record<string, string>;
  /** Model credman's Keycloak extension (default: stock Keycloak). */
  extension?: boolean;
}): Promise<DemoDouble> {
  const clock = new ManualClock(options.startAt);
  const double = await createKeycloakDouble({
    realm: loadRealm({
      env: { ...options.realmEnv, CREDMAN_SIDECAR_CLIENT_SECRET: options.sidecarSecret },
      demo: true,
    }),
    clock,
    ...(options.extension === true ? { extension: true } : {}),
  });
  let adminCalls = 0;
  const counted = new Hono<DoubleEnv>();
  counted.use('/admin/*', async (_c, next) => {
    adminCalls++;
    await next();
  });
  counted.route('/', createDoubleApp(double, allRouteModules));
  const server = await startServer(counted);
  return {
    double,
    clock,
    url: server.url,
    adminCalls: () => adminCalls,
    adapter: (adapterOptions = {}) =>
      sidecarAdapter(server.url, DEMO_REALM, options.sidecarSecret, adapterOptions),
    close: () => server.close(),
  };
}
