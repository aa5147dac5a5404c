// `npm run bench:scale`: credman at N = 10,000 managed applications (BENCH_REMINDER_APPS) on the real Keycloak,
// stock AND with credman's extension, side by side in one run (a shared, noisy machine: read the ratios), and on
// the Keycloak double when BENCH_SCALE_TARGETS names it. The real server is seeded once (partial import, not
// measured) into one PostgreSQL database, measured stock, then restarted on the same database and port with the
// extension's JAR in providers/ and measured again. For each target: the reminder scan (the bundled runner process
// of bench/reminders.bench.ts: time, Keycloak calls, credman's peak RSS), the overview's realm scan, and
// GET /api/applications for an operator and for a manager of 2 applications (median and p95, Keycloak calls per
// request); on the real server also Keycloak's CPU and heap. Then what finding due applications costs: stock
// Keycloak's attribute search (due-probes.ts), the extension's due index at several bounds, and the PostgreSQL
// plan of its query. Every seeded application carries credman.due as credman's last write left it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import {
  DEFAULT_ARGS,
  adminRequest,
  dropDatabase,
  freePort,
  freshDatabase,
  instanceLabel,
} from '@credman/keycloak-real';
import type { KeycloakDatabase } from '@credman/keycloak-real';
import { KeycloakAdminAdapter } from '@credman/sidecar/keycloak/admin-adapter';
import { EXTENSION_CHECK_MS } from '@credman/sidecar/keycloak/extension-status';
import { RealmScanner } from '@credman/sidecar/overview/realm-scan';
import { SIDECAR_SECRET, startE2e } from '@credman/sidecar/e2e/testing/harness';
import type { DemoUser, E2e } from '@credman/sidecar/e2e/testing/harness';
import { createLogger } from '@credman/sidecar/logging';
import { DEFAULT_REQUEST_DEADLINE_MS } from '@credman/sidecar/request-deadline';
import { startSmtpSink } from '@credman/sidecar/mail/testing/smtp-sink';
import { totalCalls } from './testing/admin-calls.ts';
import type { DoubleStats } from './testing/admin-calls.ts';
import {
  SEARCHABLE_DUE_ARG,
  explainDueQuery,
  probeDueIndex,
  probeSearchableAttribute,
  realmId,
  seededDue,
  sidecarCaller,
} from './testing/due-probes.ts';
import type { CallFigures, DueIndexRow, SearchableFigures } from './testing/due-probes.ts';
import { startSeededDouble } from './testing/double-process.ts';
import { heapUsedMb, javaPidOfGroup, startStatsProxy } from './testing/keycloak-stats-proxy.ts';
import type { OperationFigures } from './testing/keycloak-stats-proxy.ts';
import { copyDatabase, seedApplications, startBenchKeycloak } from './testing/real-keycloak.ts';
import type { BenchKeycloak } from './testing/real-keycloak.ts';
import { SIDECAR_NODE_FLAGS } from '../scripts/build-sidecar.ts';
import { bundleReminderScan } from './testing/reminder-bundle.ts';
import type { ScanRow } from './testing/reminder-scan.ts';
import { SCAN_AT, SIDECAR_CLIENT_ID, benchApplications } from './testing/reminder-scenario.ts';
import {
  digestSentRole,
  reminderApplication,
  seedReminderApplications,
} from './testing/seed-reminder-applications.ts';

const N = benchApplications();
// BENCH_LIST_CALLS shortens the timed list calls per user (e.g. when one list takes most of a minute).
const LIST_CALLS = Number(process.env.BENCH_LIST_CALLS ?? 50);
const MB = 1024 * 1024;

interface ListFigures {
  medianMs: number;
  p95Ms: number;
  calls: number;
  /** Calls that took longer than the production request deadline (they would have been 503s). */
  overDeadline: number;
  /** Calls not answered 200 (e.g. 503 when Keycloak's answers outlast the adapter's call timeout); not timed. */
  failed: number;
}
interface ScanResult {
  rows: ScanRow[];
  sidecarRssMb: number;
}
/** The overview's realm scan (overview/realm-scan.ts) run once in this process against the target. */
interface RealmScanFigures {
  ms: number;
  calls: number;
  /** Keycloak's CPU during the scan (the double's process, or the real server's JVM), ms. */
  keycloakCpuMs: number;
  applications: number;
}
interface TargetFigures {
  scan: ScanResult;
  realmScan?: RealmScanFigures | undefined;
  operator: ListFigures;
  /** The operator's last page, the deepest (and for Keycloak the costliest) one. */
  operatorLastPage: ListFigures;
  manager: ListFigures;
  /** Real Keycloak only: its JVM heap before and at most during the scan, and its process's peak RSS. */
  keycloak?: { heapBeforeMb: number; heapPeakMb: number; peakRssMb: number; startupS: number };
  /** Real Keycloak only: its CPU and the wall time per Admin API operation over both reminder scans. */
  scanProfile?: Record<string, OperationFigures>;
}

const rank = (sorted: number[], p: number): number =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function checked(response: Promise<Response>): Promise<void> {
  const answer = await response;
  if (!answer.ok) throw new Error(`HTTP ${String(answer.status)} ${await answer.text()}`);
  await answer.arrayBuffer();
}

/** Whether the call was answered 200; a failure is told on stderr and counted, not thrown. */
async function succeeded(response: Promise<Response>): Promise<boolean> {
  try {
    await checked(response);
    return true;
  } catch (error) {
    process.stderr.write(`[bench] list call failed: ${String(error)}\n`);
    return false;
  }
}

// Access tokens live 5 minutes; at 10,000 applications on the real server 50 list calls take longer, so the
// user logs in again (outside the timed call) once the token is this old.
const TOKEN_REFRESH_AFTER_MS = 2 * 60_000;

/** The console's page size; the operator's last page starts here (Keycloak builds first + max clients). */
const LAST_PAGE_FIRST = Math.max(0, N - 100);

/**
 * 50 calls of GET /api/applications as the user (the first page, or the page from `first`), after one warm-up call
 * (login, JWKS, manager rights).
 */
async function timeList(e2e: E2e, user: DemoUser, first = 0): Promise<ListFigures> {
  let token = await e2e.login(user);
  let loggedInAt = performance.now();
  const list = () => succeeded(e2e.request(token, `/applications?max=100&first=${String(first)}`));
  await list();
  const times: number[] = [];
  let calls = 0;
  let failed = 0;
  for (let i = 0; i < LIST_CALLS; i++) {
    if (performance.now() - loggedInAt > TOKEN_REFRESH_AFTER_MS) {
      token = await e2e.login(user);
      loggedInAt = performance.now();
    }
    const before = e2e.adminCalls();
    const t0 = performance.now();
    if (await list()) times.push(performance.now() - t0);
    else failed++;
    calls += e2e.adminCalls() - before;
  }
  times.sort((a, b) => a - b);
  return {
    medianMs: rank(times, 50),
    p95Ms: rank(times, 95),
    calls: calls / LIST_CALLS,
    overDeadline: times.filter((ms) => ms > DEFAULT_REQUEST_DEADLINE_MS).length,
    failed,
  };
}

async function runScan(bundle: string, env: Record<string, string>): Promise<ScanResult> {
  const { stdout } = await promisify(execFile)(process.execPath, [...SIDECAR_NODE_FLAGS, bundle], {
    env: { ...process.env, ...env },
    maxBuffer: 16 * MB,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ScanResult;
}

/**
 * Production settings where they matter for speed (the 30 s manager-rights cache, a silent logger), except the
 * request deadline: a list slower than the production 8 s is timed to its end and counted in `overDeadline`.
 */
const sidecarHarness = (): Promise<E2e> =>
  startE2e({
    managerRightsTtlMs: 30_000,
    logger: createLogger({ level: 'silent' }),
    requestDeadlineMs: 120_000,
  });

async function onDouble(bundle: string): Promise<TargetFigures> {
  const double = await startSeededDouble();
  let scan: ScanResult;
  try {
    scan = await runScan(bundle, { BENCH_DOUBLE_URL: double.url, BENCH_SMTP_URL: double.smtpUrl });
  } finally {
    await double.close();
  }
  const e2e = await sidecarHarness();
  try {
    seedReminderApplications(e2e.double.realm, N, SCAN_AT);
    // The double's clock stands still (while seeding, while timing); its tokens must not look expired to the
    // login's own checks, which read the wall clock.
    e2e.clock.set(Date.now());
    const operator = await timeList(e2e, 'olivia');
    e2e.clock.set(Date.now());
    const operatorLastPage = await timeList(e2e, 'olivia', LAST_PAGE_FIRST);
    e2e.clock.set(Date.now());
    return { scan, operator, operatorLastPage, manager: await timeList(e2e, 'alice') };
  } finally {
    await e2e.close();
  }
}

/** The same applications as the double's, and this week's digest marked sent (the scans measure notices). */
async function seedRealRealm(keycloak: BenchKeycloak, realm: string): Promise<number> {
  const t0 = performance.now();
  const clients = Array.from({ length: N }, (_, i) => {
    const { clientId, secret, attributes } = reminderApplication(i, SCAN_AT);
    return {
      clientId,
      secret,
      attributes,
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
    };
  });
  await seedApplications(keycloak.admin, realm, clients);
  const base = `/admin/realms/${realm}/clients`;
  const [own] = (await (await adminRequest(keycloak.admin, `${base}?clientId=credman-sidecar`)).json()) as {
    id: string;
  }[];
  if (!own) throw new Error('no credman-sidecar client');
  const role = await adminRequest(keycloak.admin, `${base}/${own.id}/roles`, {
    method: 'POST',
    body: { name: digestSentRole(SCAN_AT) },
  });
  if (role.status !== 201) throw new Error(`digest role: HTTP ${String(role.status)}`);
  const seconds = (performance.now() - t0) / 1000;
  say(`seeded ${String(N)} applications in ${seconds.toFixed(0)} s`);
  return seconds;
}

function say(line: string): void {
  process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${line}\n`);
}

/** The reminder scans against the real server through the counting proxy, sampling Keycloak's heap meanwhile. */
async function realScan(keycloak: BenchKeycloak, realm: string, bundle: string) {
  const sink = await startSmtpSink();
  const proxy = await startStatsProxy(
    keycloak.server.url,
    javaPidOfGroup(keycloak.server.pid),
    () => sink.received.length,
  );
  const before = await heapUsedMb(keycloak.server.managementUrl);
  let peak = before;
  const sampler = setInterval(() => {
    void heapUsedMb(keycloak.server.managementUrl).then((mb) => (peak = Math.max(peak, mb)));
  }, 250);
  try {
    const scan = await runScan(bundle, {
      BENCH_DOUBLE_URL: proxy.url,
      BENCH_SMTP_URL: sink.url.reveal(),
      BENCH_REALM: realm,
      BENCH_SIDECAR_SECRET: SIDECAR_SECRET,
    });
    const peakRssMb = proxy.stats().maxRssKb / 1024;
    return {
      scan,
      profile: proxy.profile(),
      keycloak: {
        heapBeforeMb: before,
        heapPeakMb: peak,
        peakRssMb,
        startupS: keycloak.server.startupMs / 1000,
      },
    };
  } finally {
    clearInterval(sampler);
    await proxy.close();
    await sink.close();
  }
}

/** One realm scan through a fresh adapter (so it finds the extension as a starting sidecar does). */
async function realmScanOn(
  url: string,
  realm: string,
  secret: string,
  stats: () => Promise<DoubleStats> | DoubleStats,
): Promise<RealmScanFigures> {
  const keycloak = new KeycloakAdminAdapter({
    baseUrl: url,
    realm,
    clientId: SIDECAR_CLIENT_ID,
    clientSecret: secret,
    timeoutMs: 30_000,
  });
  const t0 = performance.now();
  const scanner = new RealmScanner({
    keycloak,
    catalogue: DEFAULT_API_CATALOGUE,
    logger: createLogger({ level: 'warn' }),
    now: () => SCAN_AT + (performance.now() - t0),
    intervalSeconds: 900,
  });
  const before = await stats();
  const summary = await scanner.runOnce();
  const ms = performance.now() - t0;
  const after = await stats();
  return {
    ms,
    calls: totalCalls(after.calls) - totalCalls(before.calls),
    keycloakCpuMs: after.cpuMs - before.cpuMs,
    applications: summary.counts.applications,
  };
}

async function realRealmScan(keycloak: BenchKeycloak, realm: string): Promise<RealmScanFigures> {
  const proxy = await startStatsProxy(keycloak.server.url, javaPidOfGroup(keycloak.server.pid), () => 0);
  try {
    return await realmScanOn(proxy.url, realm, SIDECAR_SECRET, () => proxy.stats());
  } finally {
    await proxy.close();
  }
}

/** Everything the table and the notes below it report of the real server. */
interface RealFigures {
  stock?: TargetFigures;
  extension?: TargetFigures;
  seedSeconds: number;
  searchable?: SearchableFigures;
  dueIndex?: DueIndexRow[];
  explain?: { asSeeded: string; analyzed: string };
}

// BENCH_SCALE_REALM_SCAN=0 leaves the overview's realm scans out (3 reads per application: minutes at 10,000).
const REALM_SCAN = process.env.BENCH_SCALE_REALM_SCAN !== '0';
const DUE_INDEX_DAYS = [0, 7, 14, 28, 56];

/** The lists as one user type sees them, one after the other. */
async function timeLists(e2e: E2e) {
  const operator = await timeList(e2e, 'olivia');
  const operatorLastPage = await timeList(e2e, 'olivia', LAST_PAGE_FIRST);
  const manager = await timeList(e2e, 'alice');
  return { operator, operatorLastPage, manager };
}

/** Stock Keycloak: lists, the attribute search, the scans; returns when the lists ended (performance.now()). */
async function measureStock(
  keycloak: BenchKeycloak,
  e2e: E2e,
  bundle: string,
  figures: RealFigures,
): Promise<number> {
  const lists = await timeLists(e2e);
  const lastListAt = performance.now();
  say(`stock lists: ${JSON.stringify(lists)}`);
  const sidecar = sidecarCaller(keycloak.server.url, e2e.realm, SIDECAR_CLIENT_ID, SIDECAR_SECRET);
  figures.searchable = await probeSearchableAttribute(
    sidecar,
    keycloak.admin,
    javaPidOfGroup(keycloak.server.pid),
    seededDue(N, SCAN_AT, SCAN_AT),
  );
  say(`searchable attribute: ${JSON.stringify(figures.searchable)}`);
  const { scan, keycloak: kc, profile } = await realScan(keycloak, e2e.realm, bundle);
  say(`stock scans: ${JSON.stringify(scan)}`);
  say(`stock scans by operation:\n${profileLines(profile).join('\n')}`);
  const realmScan = REALM_SCAN ? await realRealmScan(keycloak, e2e.realm) : undefined;
  say(`stock realm scan: ${JSON.stringify(realmScan)}`);
  figures.stock = { ...lists, scan, keycloak: kc, scanProfile: profile, realmScan };
  return lastListAt;
}

/** Keycloak with the extension, on the database as seeded: the due query's plan, the due index, the scans, lists. */
async function measureExtension(
  keycloak: BenchKeycloak,
  e2e: E2e,
  run: { bundle: string; database: KeycloakDatabase; lastListAt: number },
  figures: RealFigures,
): Promise<void> {
  const sidecar = sidecarCaller(keycloak.server.url, e2e.realm, SIDECAR_CLIENT_ID, SIDECAR_SECRET);
  const id = await realmId(keycloak.admin, e2e.realm);
  figures.explain = {
    asSeeded: await explainDueQuery(run.database, id, SCAN_AT, { analyzeFirst: false }),
    analyzed: await explainDueQuery(run.database, id, SCAN_AT, { analyzeFirst: true }),
  };
  figures.dueIndex = await probeDueIndex(
    sidecar,
    javaPidOfGroup(keycloak.server.pid),
    SCAN_AT,
    DUE_INDEX_DAYS,
  );
  say(`due index: ${JSON.stringify(figures.dueIndex)}`);
  const { scan, keycloak: kc, profile } = await realScan(keycloak, e2e.realm, run.bundle);
  say(`extension scans: ${JSON.stringify(scan)}`);
  say(`extension scans by operation:\n${profileLines(profile).join('\n')}`);
  const realmScan = REALM_SCAN ? await realRealmScan(keycloak, e2e.realm) : undefined;
  say(`extension realm scan: ${JSON.stringify(realmScan)}`);
  // The harness's sidecar checks for the extension at most every EXTENSION_CHECK_MS; its last check was during
  // the stock lists at the latest, so past that it has seen the restarted server's extension.
  const wait = run.lastListAt + EXTENSION_CHECK_MS + 1000 - performance.now();
  if (run.lastListAt > 0 && wait > 0) {
    say(`waiting ${(wait / 1000).toFixed(0)} s for the sidecar's extension check`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const lists = await timeLists(e2e);
  say(`extension lists: ${JSON.stringify(lists)}`);
  figures.extension = { ...lists, scan, keycloak: kc, scanProfile: profile, realmScan };
}

/**
 * The real Keycloak on one database: seeded, measured stock, then restarted with the extension on the same
 * database and port (the e2e harness's sidecar keeps pointing at it) and measured again.
 */
async function onRealKeycloak(bundle: string, targets: string[]): Promise<RealFigures> {
  const database = await freshDatabase(instanceLabel('bench-scale'));
  const ports = { httpPort: await freePort(), managementPort: await freePort() };
  const args = [...DEFAULT_ARGS, '--metrics-enabled=true', SEARCHABLE_DUE_ARG];
  let pristine = database;
  const start = (extension: boolean, on = database, buildFrom?: string) =>
    startBenchKeycloak(args, {
      ...ports,
      database: on,
      extension,
      label: extension ? 'bench-scale-extension' : 'bench-scale-stock',
      buildFrom,
    });
  let keycloak = await start(!targets.includes('stock'));
  say(keycloak.description);
  const figures: RealFigures = { seedSeconds: 0 };
  try {
    const e2e = await sidecarHarness();
    try {
      figures.seedSeconds = await seedRealRealm(keycloak, e2e.realm);
      if (targets.includes('stock') && targets.includes('extension')) {
        // The stock scans send this week's notices: the extension's server starts from a copy of the database as
        // seeded, so its first scan after midnight is the same run. A copy needs the server stopped.
        await keycloak.stop();
        pristine = await copyDatabase(database, 'pristine');
        keycloak = await start(false, database, keycloak.server.runDir);
        say(`restarted: ${keycloak.description}`);
      }
      let lastListAt = 0;
      if (targets.includes('stock')) {
        lastListAt = await measureStock(keycloak, e2e, bundle, figures);
        if (!targets.includes('extension')) return figures;
        await keycloak.stop();
        keycloak = await start(true, pristine);
        say(keycloak.description);
      }
      await measureExtension(keycloak, e2e, { bundle, database: pristine, lastListAt }, figures);
      return figures;
    } finally {
      // Deleting a realm of 10,000 clients can fail (500) on a loaded machine; the server is stopped next anyway,
      // and a failed clean-up must not hide the figures or the error that ended the run.
      await e2e.close().catch((error: unknown) => {
        say(`clean-up failed: ${String(error)}`);
      });
    }
  } finally {
    await keycloak.stop();
    for (const db of new Set([database, pristine]))
      await dropDatabase(db).catch((error: unknown) => {
        say(`could not drop a database: ${String(error)}`);
      });
  }
}

type Column = [name: string, figures: TargetFigures];

function table(columns: Column[]): string[] {
  const stock = columns.findIndex(([name]) => name === 'stock');
  const extension = columns.findIndex(([name]) => name === 'extension');
  const withRatio = stock >= 0 && extension >= 0;
  // A ratio of two zeros (no failures on either side) is shown as a dash.
  const ratio = (s: number, e: number) => (s === 0 && e === 0 ? '–' : (e / s).toFixed(2));
  const line = (figure: string, value: (f: TargetFigures) => number | undefined, digits = 0) => {
    const values = columns.map(([, f]) => value(f));
    const cells = values.map((v) => (v === undefined ? '' : v.toFixed(digits)));
    const s = values[stock];
    const e = values[extension];
    const last = withRatio ? [s === undefined || e === undefined ? '' : ratio(s, e)] : [];
    return `| ${[figure, ...cells, ...last].join(' | ')} |`;
  };
  const listLines = (what: string, list: (f: TargetFigures) => ListFigures) => [
    line(`${what}: median ms`, (f) => list(f).medianMs, 1),
    line('… p95 ms', (f) => list(f).p95Ms, 1),
    line('… Keycloak calls per request', (f) => list(f).calls, 1),
    line(`… calls over the ${String(DEFAULT_REQUEST_DEADLINE_MS)} ms deadline`, (f) => list(f).overDeadline),
    line('… calls not answered 200', (f) => list(f).failed),
  ];
  const row = (f: TargetFigures, i: 0 | 1): ScanRow => {
    const r = f.scan.rows[i];
    if (!r) throw new Error('a scan row is missing');
    return r;
  };
  const names = columns.map(([name]) =>
    name === 'double' ? 'double' : name === 'stock' ? 'Keycloak stock' : 'Keycloak + extension',
  );
  return [
    `| figure | ${names.join(' | ')} |${withRatio ? ' extension / stock |' : ''}`,
    `|---|${names.map(() => '---|').join('')}${withRatio ? '---|' : ''}`,
    line('reminder scan, first after midnight: ms', (f) => row(f, 0).ms),
    line('… Keycloak calls (all)', (f) => totalCalls(row(f, 0).calls)),
    line('… of them list pages', (f) => row(f, 0).calls.list),
    line('… of them records-batch claims and writes', (f) => row(f, 0).calls.batch),
    line('… applications due', (f) => row(f, 0).due),
    line('… notices sent', (f) => row(f, 0).sent),
    line('… Keycloak CPU ms (double: its process)', (f) => row(f, 0).doubleCpuMs),
    line('reminder scan, steady state: ms', (f) => row(f, 1).ms),
    line('… Keycloak calls (all)', (f) => totalCalls(row(f, 1).calls)),
    line('… notices sent', (f) => row(f, 1).sent),
    line('… Keycloak CPU ms', (f) => row(f, 1).doubleCpuMs),
    line('credman peak RSS over both scans: MB', (f) => f.scan.sidecarRssMb),
    line('realm scan (overview): ms', (f) => f.realmScan?.ms),
    line('… Keycloak calls', (f) => f.realmScan?.calls),
    line('… Keycloak CPU ms', (f) => f.realmScan?.keycloakCpuMs),
    ...listLines('GET /api/applications, operator, first page', (f) => f.operator),
    ...listLines(
      `GET /api/applications, operator, last page (first=${String(LAST_PAGE_FIRST)})`,
      (f) => f.operatorLastPage,
    ),
    ...listLines('GET /api/applications, manager of 2', (f) => f.manager),
    line('Keycloak heap before the scans: MB', (f) => f.keycloak?.heapBeforeMb),
    line('… peak during the scans: MB', (f) => f.keycloak?.heapPeakMb),
    line('Keycloak process peak RSS: MB', (f) => f.keycloak?.peakRssMb),
    line('Keycloak start-up (the measured start): s', (f) => f.keycloak?.startupS),
  ];
}

/** A profile (keycloak-stats-proxy.ts CpuProfile) as table rows, costliest first. */
function profileLines(profile: Record<string, OperationFigures>): string[] {
  return [
    '| operation | calls | wall ms | Keycloak CPU ms | CPU ms per call |',
    '|---|---|---|---|---|',
    ...Object.entries(profile).map(
      ([operation, f]) =>
        `| \`${operation}\` | ${String(f.calls)} | ${f.wallMs.toFixed(0)} | ${f.cpuMs.toFixed(0)} | ${f.calls === 0 ? '–' : (f.cpuMs / f.calls).toFixed(1)} |`,
    ),
  ];
}

function call(c: CallFigures): string {
  return `${c.medianMs.toFixed(0)} ms median, ${c.cpuMs.toFixed(0)} ms Keycloak CPU, ${String(c.clients)} clients${c.secrets ? ', secret values included' : ''}`;
}

function notes(real: RealFigures | undefined): string[] {
  if (!real) return [];
  const lines = [
    `Seeding the real server by partial import: ${real.seedSeconds.toFixed(0)} s (not measured).`,
    '',
  ];
  for (const [name, figures] of [
    ['stock Keycloak', real.stock],
    ['Keycloak with the extension', real.extension],
  ] as const)
    if (figures?.scanProfile)
      lines.push(
        `Where ${name}'s CPU went over both reminder scans (CPU split among the requests in flight):`,
        '',
        ...profileLines(figures.scanProfile),
        '',
      );
  const s = real.searchable;
  if (s)
    lines.push(
      `Stock Keycloak, ${SEARCHABLE_DUE_ARG}: ${String(s.dueByScan)} applications due by the scan, holding ${String(s.distinctValues)} distinct credman.due values (an exact-value search needs one call per value).`,
      `- q=credman.due:<the most common value, ${String(s.modalCount)} applications>, credman's service account, all: ${call(s.sidecarAll)}`,
      `- … first=0&max=100: ${call(s.sidecarPage)}`,
      `- … the server's admin (realm-wide rights): ${call(s.adminAll)}`,
      `- q= for a value nobody holds, service account: ${call(s.sidecarNoMatch)}`,
      `- for comparison, one stock list page (search=Partner, max=100), service account: ${call(s.sidecarListPage)}`,
      '',
    );
  if (real.dueIndex)
    lines.push(
      "Extension's due index as credman's service account reads it (credman/clients?dueBy=, pages of 100), same 10,000 applications:",
      '',
      '| dueBy − scan | applications due | pages | by first: ms | … Keycloak CPU ms | by after: ms | … Keycloak CPU ms | after / first CPU |',
      '|---|---|---|---|---|---|---|---|',
      ...real.dueIndex.map(
        (r) =>
          `| ${String(r.days)} d | ${String(r.due)} | ${String(r.pages)} | ${r.ms.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${r.afterMs.toFixed(0)} | ${r.afterCpuMs.toFixed(0)} | ${r.cpuMs === 0 ? '–' : (r.afterCpuMs / r.cpuMs).toFixed(2)} |`,
      ),
      '',
    );
  if (real.explain)
    lines.push(
      'EXPLAIN (ANALYZE, BUFFERS) of the due query, dueBy = the scan, as seeded:',
      '```',
      real.explain.asSeeded.trimEnd(),
      '```',
      'and after ANALYZE of client_attributes and client:',
      '```',
      real.explain.analyzed.trimEnd(),
      '```',
      '',
    );
  return lines;
}

const dir = await mkdtemp(join(tmpdir(), 'credman-scale-bench-'));
try {
  const bundle = await bundleReminderScan(dir);
  // BENCH_SCALE_TARGETS: any of double, stock, extension (default stock,extension).
  const targets = (process.env.BENCH_SCALE_TARGETS ?? 'stock,extension').split(',');
  const started = new Date().toISOString();
  const load = (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
  const double = targets.includes('double') ? await onDouble(bundle) : undefined;
  if (double) say(`double: ${JSON.stringify(double)}`);
  const real =
    targets.includes('stock') || targets.includes('extension')
      ? await onRealKeycloak(bundle, targets)
      : undefined;
  const columns: Column[] = [];
  if (double) columns.push(['double', double]);
  if (real?.stock) columns.push(['stock', real.stock]);
  if (real?.extension) columns.push(['extension', real.extension]);
  const loadAfter = (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
  process.stdout.write(
    [
      `Scale: ${String(N)} seeded applications with ${String(2 * N)} secrets (plus the demo realm's), ${String(LIST_CALLS)} list calls per user; started ${started}, load average ${load} at the start, ${loadAfter} at the end`,
      '',
      ...table(columns),
      '',
      ...notes(real),
    ].join('\n'),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
