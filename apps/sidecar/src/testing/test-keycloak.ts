// The Keycloak a sidecar test harness runs against: the double (default) or, when `npm run test:keycloak`
// provisioned one (KEYCLOAK_URL and the server admin in the environment), the REAL Keycloak (with credman's
// extension, or the stock server beside it: `extension: false`), in a realm of the harness's own imported from
// the same demo realm JSON, so suites that change the demo data cannot disturb each other. Admin API calls are
// counted in both cases (the real server through a recording proxy).
import { randomUUID } from 'node:crypto';
import { loadRealm } from '@credman/realm';
import { ManualClock } from '@credman/keycloak-double';
import type { KeycloakDouble } from '@credman/keycloak-double';
import { adminRequest, deleteRealm, importRealm, serverAdminFromEnv } from '@credman/keycloak-real';
import type { ServerAdmin } from '@credman/keycloak-real';
import type { KeycloakAdminAdapter } from '../keycloak/admin-adapter.ts';
import { DEMO_REALM, sidecarAdapter, startDemoDouble } from './demo-double.ts';
import type { AdapterOptions } from './demo-double.ts';
import { startFaultProxy } from './fault-proxy.ts';

/**
 * The real server's clock: it reads the wall clock and refuses to move, so a test that needs moved time fails
 * loudly instead of asserting against a Keycloak that did not move with it.
 */
export class WallClock extends ManualClock {
  override now(): number {
    return Date.now();
  }

  override set(): void {
    throw new Error("a real Keycloak's clock cannot be moved: this test belongs to the double-only suites");
  }

  override advance(): void {
    this.set();
  }

  override advanceSeconds(): void {
    this.set();
  }
}

export interface TestKeycloak {
  kind: 'double' | 'keycloak';
  /** Whether the target has credman's Keycloak extension (the double models it, or the server loaded the JAR). */
  extension: boolean;
  /** Base URL of Keycloak as browsers and token requests reach it. */
  url: string;
  realm: string;
  clock: ManualClock;
  /** Only for the double: its in-memory state, for the suites that inspect it. */
  double?: KeycloakDouble;
  /** Requests answered under /admin so far (the sidecar's Keycloak calls, and any test's own). */
  adminCalls: () => number;
  /** An admin adapter with the sidecar's service account. */
  adapter: (options?: AdapterOptions) => KeycloakAdminAdapter;
  /** Sets a user's emailVerified flag (a test set-up an administrator would make in Keycloak's console). */
  setEmailVerified: (username: string, verified: boolean) => Promise<void>;
  /** Maps or unmaps a realm role on a user (a set-up an administrator would make in Keycloak's console). */
  setRealmRole: (username: string, roleName: string, held: boolean) => Promise<void>;
  /** Waits until a fresh TOTP code can be used (the double's clock moves; the real server is waited for). */
  nextTotpStep: () => Promise<void>;
  close: () => Promise<void>;
}

export interface TestKeycloakOptions {
  sidecarSecret: string;
  startAt: number;
  realmEnv?: Record<string, string>;
  /**
   * On the double: model credman's Keycloak extension (true) or not. On the real Keycloak, `false` picks the
   * stock server `npm run test:keycloak` provisions beside the one with the JAR (KEYCLOAK_STOCK_URL,
   * packages/keycloak-real/README.md#npm-run-testkeycloak): it runs anyway, so the cases without the extension
   * need no switch in the sidecar and meet stock Keycloak itself (docs/architecture.md#testing). Otherwise the
   * server with the JAR, as credman is deployed.
   */
  extension?: boolean;
}

/** True when the run targets the real Keycloak (npm run test:keycloak). */
export function realKeycloakAdmin(): ServerAdmin | undefined {
  return serverAdminFromEnv();
}

/** The stock server (no extension) of `npm run test:keycloak`, when the run provisioned one. */
export function stockKeycloakAdmin(): ServerAdmin | undefined {
  return serverAdminFromEnv({
    KEYCLOAK_URL: process.env.KEYCLOAK_STOCK_URL,
    KEYCLOAK_ADMIN_USERNAME: process.env.KEYCLOAK_STOCK_ADMIN_USERNAME,
    KEYCLOAK_ADMIN_PASSWORD: process.env.KEYCLOAK_STOCK_ADMIN_PASSWORD,
  });
}

async function setRealRealmRole(
  admin: ServerAdmin,
  realm: string,
  change: { username: string; roleName: string; held: boolean },
): Promise<void> {
  const base = `/admin/realms/${realm}`;
  const users = (await (
    await adminRequest(admin, `${base}/users?exact=true&username=${encodeURIComponent(change.username)}`)
  ).json()) as { id: string }[];
  const role = (await (
    await adminRequest(admin, `${base}/roles/${encodeURIComponent(change.roleName)}`)
  ).json()) as { id: string; name: string };
  const id = users[0]?.id;
  if (id === undefined) throw new Error(`no user ${change.username} in ${realm}`);
  const response = await adminRequest(admin, `${base}/users/${id}/role-mappings/realm`, {
    method: change.held ? 'POST' : 'DELETE',
    body: [{ id: role.id, name: role.name }],
  });
  if (response.status !== 204)
    throw new Error(`could not map ${change.roleName}: ${String(response.status)}`);
}

async function startRealRealm(
  admin: ServerAdmin,
  options: TestKeycloakOptions & { extension: boolean },
): Promise<TestKeycloak> {
  const realm = `${DEMO_REALM}-${randomUUID().slice(0, 8)}`;
  const representation = loadRealm({
    env: { ...options.realmEnv, CREDMAN_SIDECAR_CLIENT_SECRET: options.sidecarSecret },
    demo: true,
  }) as Record<string, unknown>;
  await importRealm(admin, { ...representation, id: realm, realm });
  const proxy = await startFaultProxy(admin.url);
  return {
    kind: 'keycloak',
    extension: options.extension,
    url: admin.url,
    realm,
    clock: new WallClock(),
    adminCalls: () => proxy.requests((request) => request.path.startsWith('/admin/')).length,
    adapter: (adapterOptions = {}) => sidecarAdapter(proxy.url, realm, options.sidecarSecret, adapterOptions),
    setEmailVerified: async (username, verified) => {
      const base = `/admin/realms/${realm}/users`;
      const users = (await (
        await adminRequest(admin, `${base}?exact=true&username=${encodeURIComponent(username)}`)
      ).json()) as {
        id: string;
      }[];
      const id = users[0]?.id;
      if (id === undefined) throw new Error(`no user ${username} in ${realm}`);
      const response = await adminRequest(admin, `${base}/${id}`, {
        method: 'PUT',
        body: { emailVerified: verified },
      });
      if (response.status !== 204)
        throw new Error(`could not update ${username}: ${String(response.status)}`);
    },
    setRealmRole: (username, roleName, held) => setRealRealmRole(admin, realm, { username, roleName, held }),
    nextTotpStep: async () => {
      const msIntoStep = Date.now() % 30_000;
      await new Promise((resolve) => setTimeout(resolve, 30_000 - msIntoStep + 250));
    },
    close: async () => {
      await proxy.close();
      await deleteRealm(admin, realm);
    },
  };
}

export async function startTestKeycloak(options: TestKeycloakOptions): Promise<TestKeycloak> {
  const admin = realKeycloakAdmin();
  if (admin && options.extension === false) {
    const stock = stockKeycloakAdmin();
    if (!stock)
      throw new Error('a stock Keycloak target needs KEYCLOAK_STOCK_URL (npm run test:keycloak sets it)');
    return startRealRealm(stock, { ...options, extension: false });
  }
  if (admin) return startRealRealm(admin, { ...options, extension: true });
  const demo = await startDemoDouble(options);
  return {
    kind: 'double',
    extension: options.extension === true,
    url: demo.url,
    realm: DEMO_REALM,
    clock: demo.clock,
    double: demo.double,
    adminCalls: demo.adminCalls,
    adapter: demo.adapter,
    setEmailVerified: (username, verified) => {
      const user = demo.double.realm.userByUsername(username);
      if (user === undefined) throw new Error(`no user ${username}`);
      user.emailVerified = verified;
      return Promise.resolve();
    },
    setRealmRole: (username, roleName, held) => {
      const { realm } = demo.double;
      const user = realm.userByUsername(username);
      const role = realm.realmRole(roleName);
      if (user === undefined || role === undefined)
        throw new Error(`no user ${username} or role ${roleName}`);
      if (held) user.roleMappings.add(role.id);
      else user.roleMappings.delete(role.id);
      return Promise.resolve();
    },
    nextTotpStep: () => {
      demo.clock.advance(30_000);
      return Promise.resolve();
    },
    close: demo.close,
  };
}
