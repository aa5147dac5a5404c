// `npm run bench` (second part): one reminder scan over N = 10,000 managed applications with 20,000 secrets,
// against the Keycloak double over HTTP, with a real SMTP server on loopback. Three processes, as in production:
// the seeded double and the SMTP server in one child (bench/testing/seeded-double.ts), credman's reminder runner
// in another, run from an esbuild bundle like the image's sidecar (bench/testing/reminder-scan.ts), and this one,
// which only starts them and prints. The runner's peak RSS is credman's, the double's is for information.
// The measured scan is the first hourly run after midnight, when the day's milestones fall due (the seeded
// ledgers are up to date as of the day before); a second scan right after it (nothing due) shows the steady
// state. Targets (docs/architecture.md#benchmarks-and-budgets): ≤ 10 s, ≤ ⌈N/100⌉ list calls + 1 write per due
// notice, ≤ 200 MB.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { totalCalls } from './testing/admin-calls.ts';
import { startSeededDouble } from './testing/double-process.ts';
import { benchApplications } from './testing/reminder-scenario.ts';
import { SIDECAR_NODE_FLAGS } from '../scripts/build-sidecar.ts';
import { bundleReminderScan } from './testing/reminder-bundle.ts';
import type { ScanRow } from './testing/reminder-scan.ts';
import { APPLICATION_SCAN_PAGE } from '@credman/sidecar/store/application-scan';

const N = benchApplications();
const TIME_TARGET_MS = 10_000;
const RSS_TARGET_MB = 150;
const MB = 1024 * 1024;

const dir = await mkdtemp(join(tmpdir(), 'credman-reminder-bench-'));
const bundle = await bundleReminderScan(dir);
const double = await startSeededDouble();
let result: { rows: ScanRow[]; baselineRssMb: number; sidecarRssMb: number };
try {
  const { stdout } = await promisify(execFile)(process.execPath, [...SIDECAR_NODE_FLAGS, bundle], {
    env: { ...process.env, BENCH_DOUBLE_URL: double.url, BENCH_SMTP_URL: double.smtpUrl },
    maxBuffer: 16 * MB,
  });
  result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as typeof result;
} finally {
  await rm(dir, { recursive: true, force: true });
}
const { rows, baselineRssMb, sidecarRssMb } = result;
const doubleRssMb = ((await double.stats()).maxRssKb * 1024) / MB;
await double.close();

const listTarget = Math.ceil((rows[0]?.applications ?? N) / APPLICATION_SCAN_PAGE);
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
const lines = [
  `Reminder scan: ${String(N)} seeded applications (${String(rows[0]?.applications ?? 0)} convention-named with the demo realm's), ${String(2 * N)} seeded secrets; double and SMTP server in one child process, the runner (bundled) in another`,
  '',
  '| scan | wall ms | list | lookup | role | client read | PUT | batch | other | total | due apps | notices sent | busy | failed |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) =>
    [
      r.scan,
      r.ms.toFixed(0),
      r.calls.list,
      r.calls.lookup,
      r.calls.role,
      r.calls.clientRead,
      r.calls.put,
      r.calls.batch,
      r.calls.other,
      totalCalls(r.calls),
      r.due,
      r.sent,
      r.busy,
      r.failed,
    ]
      .map(String)
      .join(' | ')
      .replace(/^/, '| ')
      .concat(' |'),
  ),
  '',
  "Where the time went (CPU of each process during the scan; the double's handler time by call kind):",
  '',
  '| scan | sidecar CPU ms | double CPU ms | double ms: list | role | client read | PUT |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.scan} | ${r.sidecarCpuMs.toFixed(0)} | ${r.doubleCpuMs.toFixed(0)} | ${r.handlerMs.list.toFixed(0)} | ${r.handlerMs.role.toFixed(0)} | ${r.handlerMs.clientRead.toFixed(0)} | ${r.handlerMs.put.toFixed(0)} |`,
  ),
  '',
  `Peak RSS: credman (the bundled runner process: runner, adapter, mailer) ${sidecarRssMb.toFixed(0)} MB (${baselineRssMb.toFixed(0)} MB of it before the first scan: node and the bundle); double and SMTP server (child, for information) ${doubleRssMb.toFixed(0)} MB`,
  '',
  'Targets (docs/architecture.md#benchmarks-and-budgets):',
  ...rows.map(
    (r) =>
      `- ${r.scan}: time ${r.ms.toFixed(0)} ms ≤ ${String(TIME_TARGET_MS)} ms: ${verdict(r.ms <= TIME_TARGET_MS)}; ` +
      `list calls ${String(r.calls.list)} ≤ ⌈${String(r.applications)}/${String(APPLICATION_SCAN_PAGE)}⌉ = ${String(listTarget)}: ${verdict(r.calls.list <= listTarget)}; ` +
      `writes ${String(r.calls.put)} ≤ 1 per notice sent (${String(r.sent)}): ${verdict(r.calls.put <= r.sent)}`,
  ),
  `- peak RSS of the sidecar ${sidecarRssMb.toFixed(0)} MB ≤ ${String(RSS_TARGET_MB)} MB: ${verdict(sidecarRssMb <= RSS_TARGET_MB)}`,
  '',
];
process.stdout.write(lines.join('\n'));
