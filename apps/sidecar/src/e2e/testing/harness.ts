// The end-to-end harness shared by the e2e tests: Keycloak and the sidecar as two HTTP servers on loopback, and
// real user logins through Keycloak's login pages (password + TOTP). Keycloak is the double (one ManualClock for
// the double's tokens and the sidecar's token verifier) or, under `npm run test:keycloak`, the real server in a
// realm of this harness's own (src/testing/test-keycloak.ts). It sits in a testing/ folder because it names
// realm placeholders, which config.test.ts expects only from production code or test support.
import * as oidc from 'openid-client';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { loginUser } from '@credman/keycloak-double';
import { freePort } from '@credman/keycloak-real';
import type { KeycloakDouble, ManualClock } from '@credman/keycloak-double';
import type { AuditBounds } from '../../store/records/audit-trail.ts';
import type { Logger } from '../../logging.ts';
import { CredentialService } from '../../credentials/credential-service.ts';
import { nextDueAt } from '../../reminders/next-due.ts';
import { createTokenVerifier } from '../../http/auth.ts';
import { keycloakManagerRights } from '../../http/keycloak-manager-rights.ts';
import { cacheManagerRights } from '../../http/manager-rights.ts';
import { cacheOperatorRights, keycloakOperatorRights } from '../../http/operator-rights.ts';
import { cacheSessionCheck, keycloakSessionCheck } from '../../http/session-check.ts';
import { apiRoutes } from '../../http/routes/api-routes.ts';
import type { KeycloakAdminAdapter } from '../../keycloak/admin-adapter.ts';
import { start } from '../../server.ts';
import type { RunningServer } from '../../server.ts';
import { captureLogs, testConfig } from '../../test/fixtures.ts';
import { ContractCheck } from './contract-check.ts';
import type { LogCapture } from '../../test/fixtures.ts';
import { createSmtpMailer } from '../../mail/mailer.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { startSmtpSink } from '../../mail/testing/smtp-sink.ts';
import type { SmtpSink } from '../../mail/testing/smtp-sink.ts';
import { ExtensionStatus, missingFeatures } from '../../keycloak/extension-status.ts';
import { RetiredSecretWatch } from '../../security-notices/retired-secret-watch.ts';
import { createSecurityNotifier } from '../../security-notices/security-notifier.ts';
import type { SecurityNotifier } from '../../security-notices/security-notifier.ts';
import { startFaultProxy } from '../../testing/fault-proxy.ts';
import type { FaultProxy } from '../../testing/fault-proxy.ts';
import { SIDECAR_CLIENT_ID } from '../../testing/demo-double.ts';
import { startTestKeycloak } from '../../testing/test-keycloak.ts';
import { RealmScanner } from '../../overview/realm-scan.ts';
import type { TestKeycloak } from '../../testing/test-keycloak.ts';

export { SIDECAR_CLIENT_ID };

export const SIDECAR_SECRET = 'e2e-sidecar-secret';
export const DM = 'Partner-NL-OrganisationName-DM';
export const SMC = 'Partner-NL-OrganisationName-SMC';
export const BOB_SMC = 'PartnerAlternative-NL-OrganisationName-SMC';
export const DAY_MS = 86_400_000;

/** Demo users who can log in with password + TOTP (keycloak-realm/README.md). */
export const USERS = {
  alice: { username: 'alice', password: 'demo-alice-password', totpSecret: 'credman-demo-alice12' },
  bob: { username: 'bob', password: 'demo-bob-password', totpSecret: 'credman-demo-bob1234' },
  olivia: { username: 'olivia', password: 'demo-olivia-password', totpSecret: 'credman-demo-olivia1' },
} as const;
export type DemoUser = keyof typeof USERS;

/**
 * Where the double's clock starts (a real Keycloak's is the wall clock): a fixed instant, so a test that depends
 * on the date (days left, the date picker's bounds, a month's length) reads the same whenever it runs; the
 * browser tests start Chromium's clock here too. A Tuesday morning, well clear of midnight in any zone tried.
 */
export const E2E_START_AT = Date.UTC(2027, 0, 12, 9, 0, 0);

export interface E2eOptions {
  /** Mutations per user per minute; the bad-input batch sends far more than the production default. */
  rateLimitMutationsPerMinute?: number;
  /** Deadline of one API request; the production default (8 s) unless a benchmark measures past it. */
  requestDeadlineMs?: number;
  /** Manager-rights cache lifetime; 0 (default) shows a role change at the next request. */
  managerRightsTtlMs?: number;
  /** Operator-role cache lifetime; 0 (default) shows a role change at the next request. */
  operatorRightsTtlMs?: number;
  /** Live-session cache lifetime for writes; the production 30 s by default, 0 shows a logout at the next write. */
  sessionCheckTtlMs?: number;
  /** The sidecar's logger; by default one that keeps every line in memory (`logs`). */
  logger?: Logger;
  /** A built admin SPA for the sidecar to serve at `/` (browser tests); none by default. */
  spaDir?: string;
  /**
   * Serve the console from the sidecar: its port is chosen before the double starts so that the realm's console
   * URL (redirect URIs, web origin for keycloak-js's token calls) is the sidecar's own URL. Off by default: the
   * sidecar takes any free port and the realm knows only the dev console URL.
   */
  consoleOnSidecar?: boolean;
  /**
   * Put a fault proxy (testing/fault-proxy.ts) between the sidecar and Keycloak, the sidecar's calls giving up
   * after `keycloakTimeoutMs`: `proxy` then holds, delays or fails what the sidecar sends.
   */
  faultProxy?: { keycloakTimeoutMs: number };
  /** The revision claim's lease, which is also the undelivered-mark window; the production default unless told. */
  claimLeaseMs?: number;
  /** A mail catcher on loopback (mail/testing/smtp-sink.ts) receiving the sidecar's security notices. */
  mail?: boolean;
  /** The stored audit trail's bounds; small ones reach archiving in a few writes (the production ones unless told). */
  auditBounds?: AuditBounds;
  /**
   * On the double: model credman's Keycloak extension (the real server has it when it loaded the JAR). Either
   * way the sidecar detects it as main.ts does, and `retiredWatch` is the job main.ts runs (started by hand).
   */
  extension?: boolean;
}

export interface RequestInit {
  method?: string;
  // Backed by a plain ArrayBuffer, so the type also fits fetch's body under the DOM lib (the admin SPA's browser
  // tests typecheck this harness with it).
  body?: string | Uint8Array<ArrayBuffer>;
  /** The content type to send; null sends none (JSON unless told). */
  contentType?: string | null;
  headers?: Record<string, string>;
}

export interface E2e {
  /** 'keycloak' under `npm run test:keycloak`. */
  kind: TestKeycloak['kind'];
  clock: ManualClock;
  /** The double's state; reading it against the real Keycloak throws (such a test is double-only). */
  double: KeycloakDouble;
  realm: string;
  keycloakUrl: string;
  issuer: string;
  sidecarUrl: string;
  logs: LogCapture;
  /** Requests the double has answered under /admin (the sidecar's Keycloak calls, and any test's own). */
  adminCalls(): number;
  credentials: CredentialService;
  keycloak: KeycloakAdminAdapter;
  /** The realm scan behind GET /api/overview: not scheduled here, a test runs it (`runOnce`) when it wants one. */
  realmScan: RealmScanner;
  /** The fault proxy between the sidecar and Keycloak (option `faultProxy`); throws without it. */
  proxy: FaultProxy;
  /** The mail catcher of the security notices (option `mail`); throws without it. */
  smtp: SmtpSink;
  /** Resolves once every security notice started so far was sent or failed (at once without `mail`). */
  noticesSent(): Promise<void>;
  /** The watch for retired secrets presented again, as main.ts wires it; its runs are the test's to start. */
  retiredWatch: RetiredSecretWatch;
  /** Logs the user in (again, with a fresh TOTP code) and remembers the access token. */
  login(user: DemoUser): Promise<string>;
  /**
   * The moment (epoch ms) at which to compute the user's next TOTP code: a code is single-use, so when this user
   * already used the current 30-second step, the double's clock moves on or the real server is waited for.
   */
  freshTotpMoment(user: DemoUser): Promise<number>;
  /** Maps or unmaps a realm role on a user in Keycloak (an administrator's change, not credman's). */
  setRealmRole(username: string, roleName: string, held: boolean): Promise<void>;
  /** The Keycloak id of a demo user. */
  userId(user: DemoUser): Promise<string>;
  /** The remembered access token, logging in on first use. */
  token(user: DemoUser): Promise<string>;
  /**
   * A request to `/api{path}` with the given bearer token (none when undefined); JSON content type by default.
   * The response is checked against the API contract (contract-check.ts); a mismatch rejects.
   */
  request(token: string | undefined, path: string, init?: RequestInit): Promise<Response>;
  /** A request as the given demo user. */
  api(user: DemoUser, path: string, init?: RequestInit): Promise<Response>;
  /**
   * Whether `secret` gets a token for `clientId` at the double's token endpoint; `from`: the client address the
   * double records (X-Forwarded-For; the real server records the loopback address).
   */
  tokenWorks(clientId: string, secret: string, from?: string): Promise<boolean>;
  /** How many responses so far kept the API contract. */
  contractChecked(): number;
  /** A date `days` ahead of the shared clock, as the API takes it (YYYY-MM-DD). */
  dateIn(days: number): string;
  close(): Promise<void>;
}

interface SidecarSetup {
  kc: TestKeycloak;
  options: E2eOptions;
  port: number;
  consoleUrl: string | undefined;
  logs: LogCapture;
  keycloak: KeycloakAdminAdapter;
  credentials: CredentialService;
  realmScan: RealmScanner;
  extension: ExtensionStatus;
}

/** The sidecar as main.ts builds it, but on the test Keycloak, its clock and a captured log. */
function startSidecar(setup: SidecarSetup): Promise<RunningServer> {
  const { kc, options, port, consoleUrl, logs, keycloak, credentials, realmScan, extension } = setup;
  const issuer = `${kc.url}/realms/${kc.realm}`;
  return start({
    port,
    config: testConfig({
      keycloak: { publicUrl: kc.url, realm: kc.realm },
      // Spread over testConfig's defaults: an option not given keeps the default.
      ...(consoleUrl === undefined ? {} : { publicUrl: consoleUrl }),
      ...(options.spaDir === undefined ? {} : { spaDir: options.spaDir }),
      ...(options.rateLimitMutationsPerMinute === undefined
        ? {}
        : { rateLimitMutationsPerMinute: options.rateLimitMutationsPerMinute }),
      ...(options.requestDeadlineMs === undefined ? {} : { requestDeadlineMs: options.requestDeadlineMs }),
    }),
    logger: options.logger ?? logs.logger,
    verifyToken: createTokenVerifier({
      issuer,
      jwksUrl: `${issuer}/protocol/openid-connect/certs`,
      audience: SIDECAR_CLIENT_ID,
      consoleClientId: 'credman-console',
      mfaAcr: 'mfa',
      operatorRole: 'credman-operator',
      clock: () => new Date(kc.clock.now()),
    }),
    readiness: async () => {
      const info = await extension.current();
      return {
        ok: true,
        checks: {},
        extension: {
          present: info?.present === true,
          ...(info?.present === true ? { version: info.version } : {}),
          missing: missingFeatures(info),
        },
      };
    },
    // No caching by default, so a change of a role in Keycloak shows at the next request.
    managerRights: cacheManagerRights(keycloakManagerRights(keycloak), {
      ttlMs: options.managerRightsTtlMs ?? 0,
    }),
    operatorRights: cacheOperatorRights(keycloakOperatorRights(keycloak, 'credman-operator'), {
      ttlMs: options.operatorRightsTtlMs ?? 0,
      now: () => kc.clock.now(),
    }),
    // As in production (30 s) unless told: 0 shows a logout at the next write.
    sessionCheck: cacheSessionCheck(keycloakSessionCheck(keycloak), {
      ttlMs: options.sessionCheckTtlMs ?? 30_000,
    }),
    apiRoutes: apiRoutes({
      keycloak,
      catalogue: DEFAULT_API_CATALOGUE,
      now: () => kc.clock.now(),
      credentials,
      store: credentials.applications,
      tokenEndpoint: `${issuer}/protocol/openid-connect/token`,
      realmSummary: () => realmScan.latest(),
    }),
  });
}

/** Logins of the demo users through Keycloak's pages, with a fresh TOTP code each. */
function userLogins(kc: TestKeycloak, issuer: string): Pick<E2e, 'login' | 'freshTotpMoment' | 'token'> {
  const { clock } = kc;
  // With the time (credman's clock) after which a token is no longer used: each login may move the double's clock
  // by a TOTP step, so a long suite outlives the first tokens.
  const tokens: Partial<Record<DemoUser, { token: string; renewAt: number }>> = {};
  // A TOTP code is single-use: a second login of the same user waits for (or, on the double, moves to) the next step.
  const lastTotpStep: Partial<Record<DemoUser, number>> = {};
  const freshTotpMoment = async (user: DemoUser): Promise<number> => {
    if (lastTotpStep[user] === Math.floor(clock.now() / 30_000)) await kc.nextTotpStep();
    lastTotpStep[user] = Math.floor(clock.now() / 30_000);
    return clock.now();
  };
  const login = async (user: DemoUser): Promise<string> => {
    await freshTotpMoment(user);
    const issued = await loginUser({
      issuer,
      clientId: 'credman-console',
      redirectUri: 'http://localhost:5173/',
      ...USERS[user],
      now: () => clock.now(),
    });
    const lifetimeMs = (issued.expires_in ?? 60) * 1000;
    tokens[user] = { token: issued.access_token, renewAt: clock.now() + lifetimeMs / 2 };
    return issued.access_token;
  };
  const token = async (user: DemoUser): Promise<string> => {
    const held = tokens[user];
    return held !== undefined && clock.now() < held.renewAt ? held.token : await login(user);
  };
  return { login, freshTotpMoment, token };
}

/** Requests to the sidecar's /api, each response checked against the API contract. */
function contractCheckedRequests(sidecarUrl: string, contract: ContractCheck): E2e['request'] {
  return async (bearer, path, init = {}) => {
    const url = `${sidecarUrl}/api${path}`;
    // RequestInit takes no undefined.
    const response = await fetch(url, {
      ...(init.method === undefined ? {} : { method: init.method }),
      // A Uint8Array body makes fetch add no content type of its own.
      ...(init.body === undefined ? {} : { body: init.body }),
      headers: {
        ...(init.contentType === null ? {} : { 'content-type': init.contentType ?? 'application/json' }),
        ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
        ...init.headers,
      },
    });
    await contract.check(init.method ?? 'GET', url, response);
    return response;
  };
}

async function secretGetsToken(
  issuer: string,
  clientId: string,
  secret: string,
  from?: string,
): Promise<boolean> {
  const config = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretPost(secret), {
    execute: [oidc.allowInsecureRequests],
  });
  if (from !== undefined)
    config[oidc.customFetch] = (url, options) =>
      // The assertion: openid-client's options may hold an undefined body, which RequestInit does not take, and
      // the admin SPA's browser tests typecheck this file against the DOM lib's fetch.
      fetch(url, {
        ...options,
        headers: { ...options.headers, 'x-forwarded-for': from },
      } as Parameters<typeof fetch>[1]);
  return oidc.clientCredentialsGrant(config).then(
    () => true,
    () => false,
  );
}

async function findUserId(keycloak: KeycloakAdminAdapter, user: DemoUser): Promise<string> {
  const found = (await keycloak.findUsers({ search: USERS[user].username, first: 0, max: 20 })).find(
    (candidate) => candidate.username === USERS[user].username,
  );
  if (found === undefined) throw new Error(`no user ${user}`);
  return found.id;
}

/** What the sidecar talks to Keycloak through, and where its notices go (options `faultProxy`, `mail`). */
interface SidecarWiring {
  keycloak: KeycloakAdminAdapter;
  proxy: FaultProxy | undefined;
  smtp: SmtpSink | undefined;
  mailer: Mailer | undefined;
  notifier: SecurityNotifier | undefined;
  close(): Promise<void>;
}

async function wireSidecar(kc: TestKeycloak, options: E2eOptions, logger: Logger): Promise<SidecarWiring> {
  // On the real server the proxy forwards to Keycloak itself, past the recording proxy: its calls are not counted.
  const proxy = options.faultProxy ? await startFaultProxy(kc.url) : undefined;
  const keycloak =
    proxy && options.faultProxy
      ? kc.adapter({ baseUrl: proxy.url, timeoutMs: options.faultProxy.keycloakTimeoutMs })
      : kc.adapter();
  const smtp = options.mail === true ? await startSmtpSink() : undefined;
  const mailer = smtp && createSmtpMailer({ smtpUrl: smtp.url, from: 'credman <credman@example.com>' });
  const notifier =
    mailer &&
    createSecurityNotifier({
      keycloak,
      mailer,
      logger,
      settings: { publicUrl: 'http://localhost:8080', zone: 'UTC', operatorEmail: undefined },
    });
  return {
    keycloak,
    proxy,
    smtp,
    mailer,
    notifier,
    close: async () => {
      await notifier?.idle();
      mailer?.close();
      await smtp?.close();
      await proxy?.close();
    },
  };
}

function required<T>(value: T | undefined, option: string): T {
  if (value === undefined) throw new Error(`startE2e was started without the option ${option}`);
  return value;
}

export async function startE2e(options: E2eOptions = {}): Promise<E2e> {
  const port = options.consoleOnSidecar === true ? await freePort() : 0;
  const consoleUrl = port === 0 ? undefined : `http://localhost:${String(port)}`;
  const kc = await startTestKeycloak({
    sidecarSecret: SIDECAR_SECRET,
    startAt: E2E_START_AT,
    ...(options.extension === true ? { extension: true } : {}),
    realmEnv: {
      CREDMAN_CONSOLE_DEV_URL: 'http://localhost:5173',
      ...(consoleUrl === undefined ? {} : { CREDMAN_CONSOLE_URL: consoleUrl }),
    },
  });
  const { clock } = kc;
  const issuer = `${kc.url}/realms/${kc.realm}`;
  const logs = captureLogs();
  const wiring = await wireSidecar(kc, options, logs.logger);
  const { keycloak, notifier } = wiring;
  const extension = new ExtensionStatus({ read: () => keycloak.extensionInfo(), now: () => clock.now() });
  const credentials = new CredentialService({
    nextDueAt,
    keycloak,
    now: () => clock.now(),
    logger: logs.logger,
    lastUseAttribution: () => extension.attribution(),
    config: { zone: 'UTC', catalogue: DEFAULT_API_CATALOGUE },
    claimLeaseMs: options.claimLeaseMs,
    auditBounds: options.auditBounds,
    onSecretChange: notifier?.onSecretChange,
  });
  const realmScan = new RealmScanner({
    keycloak,
    catalogue: DEFAULT_API_CATALOGUE,
    logger: logs.logger,
    now: () => clock.now(),
    intervalSeconds: 900,
  });
  const retiredWatch = new RetiredSecretWatch({
    keycloak,
    credentials,
    reportsRetiredSecrets: () => extension.reportsRetiredSecrets(),
    mailer: wiring.mailer,
    settings: { publicUrl: 'http://localhost:8080', zone: 'UTC', operatorEmail: undefined },
    logger: logs.logger,
    now: () => clock.now(),
  });
  const sidecar = await startSidecar({
    kc,
    options,
    port,
    consoleUrl,
    logs,
    keycloak,
    credentials,
    realmScan,
    extension,
  });
  const logins = userLogins(kc, issuer);
  const contract = new ContractCheck();
  const request = contractCheckedRequests(sidecar.url, contract);
  return {
    kind: kc.kind,
    clock,
    get double(): KeycloakDouble {
      if (kc.double === undefined) throw new Error('this test reads the double and runs only against it');
      return kc.double;
    },
    realm: kc.realm,
    keycloakUrl: kc.url,
    issuer,
    sidecarUrl: sidecar.url,
    logs,
    adminCalls: kc.adminCalls,
    credentials,
    keycloak,
    realmScan,
    get proxy() {
      return required(wiring.proxy, 'faultProxy');
    },
    get smtp() {
      return required(wiring.smtp, 'mail');
    },
    noticesSent: async () => notifier?.idle(),
    retiredWatch,
    ...logins,
    userId: (user) => findUserId(keycloak, user),
    setRealmRole: kc.setRealmRole,
    request,
    api: async (user, path, init) => request(await logins.token(user), path, init),
    tokenWorks: (clientId, secret, from) => secretGetsToken(issuer, clientId, secret, from),
    dateIn: (days) => new Date(clock.now() + days * DAY_MS).toISOString().slice(0, 10),
    contractChecked: () => contract.validated,
    close: async () => {
      // Printed once per suite: the evidence that the responses were checked, not just received.
      process.stdout.write(`api-contract: ${String(contract.validated)} responses validated\n`);
      await sidecar.close();
      await wiring.close();
      await kc.close();
    },
  };
}
