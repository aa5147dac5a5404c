// `npm run bench:scale`: credman at N = 10,000 managed applications (BENCH_REMINDER_APPS) on the Keycloak double
// AND on the real Keycloak, side by side in one run (shared, noisy machines: read the ratios). For each: the
// reminder scan (the bundled runner process of bench/reminders.bench.ts: time, Keycloak calls, credman's peak
// RSS), and GET /api/applications for an operator and for a manager of 2 applications (median and p95 of 50
// calls, Keycloak calls per request). On the real server also Keycloak's own CPU and heap during the scan. The
// real server gets the same seeded applications through its partial-import endpoint (not measured).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { DEFAULT_ARGS, adminRequest } from '@credman/keycloak-real';
import { SIDECAR_SECRET, startE2e } from '@credman/sidecar/e2e/testing/harness';
import type { DemoUser, E2e } from '@credman/sidecar/e2e/testing/harness';
import { createLogger } from '@credman/sidecar/logging';
import { DEFAULT_REQUEST_DEADLINE_MS } from '@credman/sidecar/request-deadline';
import { startSmtpSink } from '@credman/sidecar/mail/testing/smtp-sink';
import { totalCalls } from './testing/admin-calls.ts';
import { startSeededDouble } from './testing/double-process.ts';
import { heapUsedMb, javaPidOfGroup, startStatsProxy } from './testing/keycloak-stats-proxy.ts';
import { seedApplications, startBenchKeycloak } from './testing/real-keycloak.ts';
import type { BenchKeycloak } from './testing/real-keycloak.ts';
import { bundleReminderScan } from './testing/reminder-bundle.ts';
import type { ScanRow } from './testing/reminder-scan.ts';
import { SCAN_AT, benchApplications } from './testing/reminder-scenario.ts';
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
interface TargetFigures {
  scan: ScanResult;
  operator: ListFigures;
  /** The operator's last page, the deepest (and for Keycloak the costliest) one. */
  operatorLastPage: ListFigures;
  manager: ListFigures;
  /** Real Keycloak only: its JVM heap before and at most during the scan, and its process's peak RSS. */
  keycloak?: { heapBeforeMb: number; heapPeakMb: number; peakRssMb: number };
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
  const { stdout } = await promisify(execFile)(process.execPath, [bundle], {
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
async function seedRealRealm(keycloak: BenchKeycloak, realm: string): Promise<void> {
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
  process.stderr.write(
    `[bench] seeded ${String(N)} applications in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`,
  );
}

/** The scan against the real server through the counting proxy, sampling Keycloak's heap while it runs. */
async function realScan(keycloak: BenchKeycloak, realm: string, bundle: string, secret: string) {
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
      BENCH_SIDECAR_SECRET: secret,
    });
    const peakRssMb = proxy.stats().maxRssKb / 1024;
    return { scan, keycloak: { heapBeforeMb: before, heapPeakMb: peak, peakRssMb } };
  } finally {
    clearInterval(sampler);
    await proxy.close();
    await sink.close();
  }
}

async function onRealKeycloak(bundle: string): Promise<TargetFigures> {
  const keycloak = await startBenchKeycloak([...DEFAULT_ARGS, '--metrics-enabled=true']);
  try {
    const e2e = await sidecarHarness();
    try {
      await seedRealRealm(keycloak, e2e.realm);
      const operator = await timeList(e2e, 'olivia');
      const operatorLastPage = await timeList(e2e, 'olivia', LAST_PAGE_FIRST);
      const manager = await timeList(e2e, 'alice');
      process.stderr.write(
        `[bench] real Keycloak lists: ${JSON.stringify({ operator, operatorLastPage, manager })}\n`,
      );
      const { scan, keycloak: figures } = await realScan(keycloak, e2e.realm, bundle, SIDECAR_SECRET);
      return { scan, operator, operatorLastPage, manager, keycloak: figures };
    } finally {
      // Deleting a realm of 10,000 clients can fail (500) on a loaded machine; the server is stopped next anyway,
      // and a failed clean-up must not hide the figures or the error that ended the run.
      await e2e.close().catch((error: unknown) => {
        process.stderr.write(`[bench] clean-up failed: ${String(error)}\n`);
      });
    }
  } finally {
    await keycloak.stop();
  }
}

function table(double: TargetFigures, real: TargetFigures): string[] {
  // A ratio of two zeros (no failures on either side) is shown as a dash.
  const ratio = (d: number, r: number) => (d === 0 && r === 0 ? '–' : (r / d).toFixed(2));
  const line = (figure: string, d: number, r: number, digits = 0) =>
    `| ${figure} | ${d.toFixed(digits)} | ${r.toFixed(digits)} | ${ratio(d, r)} |`;
  const listLines = (what: string, d: ListFigures, r: ListFigures) => [
    line(`${what}: median ms`, d.medianMs, r.medianMs, 1),
    line('… p95 ms', d.p95Ms, r.p95Ms, 1),
    line('… Keycloak calls per request', d.calls, r.calls, 1),
    line(
      `… calls over the ${String(DEFAULT_REQUEST_DEADLINE_MS)} ms deadline`,
      d.overDeadline,
      r.overDeadline,
    ),
    line('… calls not answered 200', d.failed, r.failed),
  ];
  const [dFirst, dSteady] = double.scan.rows;
  const [rFirst, rSteady] = real.scan.rows;
  if (!dFirst || !dSteady || !rFirst || !rSteady) throw new Error('a scan row is missing');
  return [
    '| figure | double | real Keycloak | real / double |',
    '|---|---|---|---|',
    line('reminder scan, first after midnight: ms', dFirst.ms, rFirst.ms),
    line('… Keycloak calls (all)', totalCalls(dFirst.calls), totalCalls(rFirst.calls)),
    line('… of them list pages', dFirst.calls.list, rFirst.calls.list),
    line('… notices sent', dFirst.sent, rFirst.sent),
    line('… Keycloak CPU ms (double: its process)', dFirst.doubleCpuMs, rFirst.doubleCpuMs),
    line('reminder scan, steady state: ms', dSteady.ms, rSteady.ms),
    line('… Keycloak calls (all)', totalCalls(dSteady.calls), totalCalls(rSteady.calls)),
    line('credman peak RSS over both scans: MB', double.scan.sidecarRssMb, real.scan.sidecarRssMb),
    ...listLines('GET /api/applications, operator, first page', double.operator, real.operator),
    ...listLines(
      `GET /api/applications, operator, last page (first=${String(LAST_PAGE_FIRST)})`,
      double.operatorLastPage,
      real.operatorLastPage,
    ),
    ...listLines('GET /api/applications, manager of 2', double.manager, real.manager),
  ];
}

const dir = await mkdtemp(join(tmpdir(), 'credman-scale-bench-'));
try {
  const bundle = await bundleReminderScan(dir);
  // BENCH_SCALE_TARGETS=real (or double) measures one target only, e.g. to repeat one side; no table then.
  const targets = (process.env.BENCH_SCALE_TARGETS ?? 'double,real').split(',');
  const double = targets.includes('double') ? await onDouble(bundle) : undefined;
  process.stderr.write(`[bench] double: ${JSON.stringify(double)}\n`);
  const real = targets.includes('real') ? await onRealKeycloak(bundle) : undefined;
  process.stderr.write(`[bench] real Keycloak: ${JSON.stringify(real)}\n`);
  if (!double || !real) process.exit(0);
  const kc = real.keycloak;
  process.stdout.write(
    [
      `Scale: ${String(N)} seeded applications with ${String(2 * N)} secrets (plus the demo realm's), ${String(LIST_CALLS)} list calls per user`,
      '',
      ...table(double, real),
      '',
      kc
        ? `Real Keycloak during the scans: heap ${kc.heapBeforeMb.toFixed(0)} MB before, ${kc.heapPeakMb.toFixed(0)} MB peak (management metrics, sampled every 250 ms); process peak RSS ${kc.peakRssMb.toFixed(0)} MB`
        : '',
      '',
    ].join('\n'),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
