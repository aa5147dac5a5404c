// `npm run bench` (second part): one reminder scan over N = 10,000 managed applications with 20,000 secrets,
// against the Keycloak double over HTTP, with a real SMTP server on loopback. As in production, Keycloak is
// another process: the seeded double and the SMTP server run in a child process (bench/testing/seeded-double.ts),
// and this process holds only credman's side — the reminder runner, its Keycloak adapter and mailer. So this
// process's peak RSS is reported as the sidecar's, the child's for information.
// The measured scan is the first hourly run after midnight, when the day's milestones fall due (the seeded
// ledgers are up to date as of the day before); a second scan right after it (nothing due) shows the steady
// state. Targets (issue 5): ≤ 10 s, ≤ ⌈N/100⌉ list calls + 1 write per due notice, ≤ 200 MB.
import { performance } from 'node:perf_hooks';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { CredentialService } from '../apps/sidecar/src/credentials/credential-service.ts';
import { KeycloakAdminAdapter } from '../apps/sidecar/src/keycloak/admin-adapter.ts';
import { createLogger } from '../apps/sidecar/src/logging.ts';
import { createSmtpMailer } from '../apps/sidecar/src/mail/mailer.ts';
import { ReminderRunner } from '../apps/sidecar/src/reminders/runner.ts';
import { SecretString } from '../apps/sidecar/src/secret-string.ts';
import { cpuMs, subtractCounts, totalCalls } from './testing/admin-calls.ts';
import type { AdminCallCounts } from './testing/admin-calls.ts';
import { startSeededDouble } from './testing/double-process.ts';
import {
  REALM,
  SCAN_AT,
  SIDECAR_CLIENT_ID,
  SIDECAR_SECRET,
  ZONE,
  benchApplications,
} from './testing/reminder-scenario.ts';

const N = benchApplications();
const TIME_TARGET_MS = 10_000;
const RSS_TARGET_MB = 200;
const MB = 1024 * 1024;

const double = await startSeededDouble();
const keycloak = new KeycloakAdminAdapter({
  baseUrl: double.url,
  realm: REALM,
  clientId: SIDECAR_CLIENT_ID,
  clientSecret: SIDECAR_SECRET,
  timeoutMs: 10_000,
});
const mailer = createSmtpMailer({
  smtpUrl: new SecretString(double.smtpUrl),
  from: 'credman <credman@example.com>',
  timeoutMs: 5000,
});
const now = () => SCAN_AT;
const runner = new ReminderRunner({
  keycloak,
  credentials: new CredentialService({
    keycloak,
    now,
    config: { zone: ZONE, catalogue: DEFAULT_API_CATALOGUE },
  }),
  mailer,
  now,
  logger: createLogger({ level: 'silent' }),
  catalogue: DEFAULT_API_CATALOGUE,
  settings: {
    publicUrl: 'https://credman.example.com',
    zone: ZONE,
    operatorEmail: 'ops@example.org',
    sidecarClientId: SIDECAR_CLIENT_ID,
  },
  ...(process.env.BENCH_REMINDER_CONCURRENCY
    ? { concurrency: Number(process.env.BENCH_REMINDER_CONCURRENCY) }
    : {}),
});

// What the process holds before any work: node, the modules (compiled by tsx here) and the connections.
const baselineRssMb = process.memoryUsage().rss / MB;

interface Row {
  scan: string;
  ms: number;
  calls: AdminCallCounts;
  handlerMs: AdminCallCounts;
  sidecarCpuMs: number;
  doubleCpuMs: number;
  applications: number;
  due: number;
  sent: number;
  busy: number;
  failed: number;
}
const rows: Row[] = [];
for (const scan of ['first after midnight', 'steady state (nothing due)']) {
  const before = await double.stats();
  const received = before.mailsReceived;
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const report = await runner.runOnce();
  const ms = performance.now() - t0;
  const sidecarCpuMs = cpuMs() - cpu0;
  const after = await double.stats();
  const calls = subtractCounts(after.calls, before.calls);
  const handlerMs = subtractCounts(after.handlerMs, before.handlerMs);
  const doubleCpuMs = after.cpuMs - before.cpuMs;
  if (after.mailsReceived - received !== report.sent)
    throw new Error(
      `the SMTP server received ${String(after.mailsReceived - received)} mails, the runner reported ${String(report.sent)}`,
    );
  rows.push({ scan, ms, calls, handlerMs, sidecarCpuMs, doubleCpuMs, ...report });
}
const sidecarRssMb = (process.resourceUsage().maxRSS * 1024) / MB;
const doubleRssMb = ((await double.stats()).maxRssKb * 1024) / MB;
mailer.close();
await double.close();

const listTarget = Math.ceil((rows[0]?.applications ?? N) / 100);
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
const lines = [
  `Reminder scan: ${String(N)} seeded applications (${String(rows[0]?.applications ?? 0)} convention-named with the demo realm's), ${String(2 * N)} seeded secrets; double in a child process`,
  '',
  '| scan | wall ms | list | lookup | role | client read | PUT | other | total | due apps | notices sent | busy | failed |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) =>
    [
      r.scan,
      r.ms.toFixed(0),
      r.calls.list,
      r.calls.lookup,
      r.calls.role,
      r.calls.clientRead,
      r.calls.put,
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
  `Peak RSS: sidecar (bench process: runner, adapter, mailer) ${sidecarRssMb.toFixed(0)} MB (${baselineRssMb.toFixed(0)} MB of it before the first scan: node, modules loaded through tsx); double and SMTP server (child, for information) ${doubleRssMb.toFixed(0)} MB`,
  '',
  'Targets (issue 5):',
  ...rows.map(
    (r) =>
      `- ${r.scan}: time ${r.ms.toFixed(0)} ms ≤ ${String(TIME_TARGET_MS)} ms: ${verdict(r.ms <= TIME_TARGET_MS)}; ` +
      `list calls ${String(r.calls.list)} ≤ ⌈${String(r.applications)}/100⌉ = ${String(listTarget)}: ${verdict(r.calls.list <= listTarget)}; ` +
      `writes ${String(r.calls.put)} ≤ 1 per notice sent (${String(r.sent)}): ${verdict(r.calls.put <= r.sent)}`,
  ),
  `- peak RSS of the sidecar ${sidecarRssMb.toFixed(0)} MB ≤ ${String(RSS_TARGET_MB)} MB: ${verdict(sidecarRssMb <= RSS_TARGET_MB)}`,
  '',
];
process.stdout.write(lines.join('\n'));
