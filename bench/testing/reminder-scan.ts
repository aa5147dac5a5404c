// The credman side of the reminder benchmark, run as its OWN process from an esbuild bundle — the way the image
// runs the sidecar (scripts/build-sidecar.ts) — so its peak RSS is credman's: the reminder runner, its Keycloak
// adapter and mailer, and nothing else (no tsx compiler, no double, no SMTP server). bench/reminders.bench.ts
// bundles and starts it with BENCH_DOUBLE_URL and BENCH_SMTP_URL, and reads one JSON line of results (so does
// bench/scale.real.ts, with BENCH_REALM and BENCH_SIDECAR_SECRET for the real Keycloak).
import { performance } from 'node:perf_hooks';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { CredentialService } from '@credman/sidecar/credentials/credential-service';
import { nextDueAt } from '@credman/sidecar/reminders/next-due';
import { KeycloakAdminAdapter } from '@credman/sidecar/keycloak/admin-adapter';
import { ExtensionStatus } from '@credman/sidecar/keycloak/extension-status';
import { createLogger } from '@credman/sidecar/logging';
import { createSmtpMailer } from '@credman/sidecar/mail/mailer';
import { ReminderRunner } from '@credman/sidecar/reminders/runner';
import { SecretString } from '@credman/sidecar/secret-string';
import { cpuMs, subtractCounts } from './admin-calls.ts';
import type { AdminCallCounts, DoubleStats } from './admin-calls.ts';
import { REALM, SCAN_AT, SIDECAR_CLIENT_ID, SIDECAR_SECRET, ZONE } from './reminder-scenario.ts';

const MB = 1024 * 1024;
const doubleUrl = process.env.BENCH_DOUBLE_URL ?? '';
const smtpUrl = process.env.BENCH_SMTP_URL ?? '';
// bench/scale.real.ts points the runner at a real Keycloak's realm (through a counting proxy that answers
// /bench/stats as the seeded double does).
const realm = process.env.BENCH_REALM ?? REALM;
const sidecarSecret = process.env.BENCH_SIDECAR_SECRET ?? SIDECAR_SECRET;

async function doubleStats(): Promise<DoubleStats> {
  const response = await fetch(`${doubleUrl}/bench/stats`);
  if (!response.ok) throw new Error(`double stats: HTTP ${String(response.status)}`);
  return (await response.json()) as DoubleStats;
}

const keycloak = new KeycloakAdminAdapter({
  baseUrl: doubleUrl,
  realm,
  clientId: SIDECAR_CLIENT_ID,
  clientSecret: sidecarSecret,
  timeoutMs: 10_000,
});
const mailer = createSmtpMailer({
  smtpUrl: new SecretString(smtpUrl),
  from: 'credman <credman@example.com>',
  timeoutMs: 5000,
});
const now = () => SCAN_AT;
// As main.ts: only the due applications when Keycloak answers the due index, and a page of them claimed and
// written at once with records-batch (credman's extension).
const extension = new ExtensionStatus({ read: () => keycloak.extensionInfo(), now: () => Date.now() });
const runner = new ReminderRunner({
  keycloak,
  credentials: new CredentialService({
    nextDueAt,
    keycloak,
    now,
    config: { zone: ZONE, catalogue: DEFAULT_API_CATALOGUE },
  }),
  mailer,
  now,
  logger: createLogger({ level: 'silent' }),
  catalogue: DEFAULT_API_CATALOGUE,
  dueIndex: () => extension.hasDueIndex(),
  recordsBatch: () => extension.hasRecordsBatch(),
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

// What the process holds before any work: node and the bundled modules.
const baselineRssMb = process.memoryUsage().rss / MB;

export interface ScanRow {
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
const rows: ScanRow[] = [];
for (const scan of ['first after midnight', 'steady state (nothing due)']) {
  const before = await doubleStats();
  const received = before.mailsReceived;
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const report = await runner.runOnce();
  const ms = performance.now() - t0;
  const sidecarCpuMs = cpuMs() - cpu0;
  const after = await doubleStats();
  if (after.mailsReceived - received !== report.sent)
    throw new Error(
      `the SMTP server received ${String(after.mailsReceived - received)} mails, the runner reported ${String(report.sent)}`,
    );
  rows.push({
    scan,
    ms,
    calls: subtractCounts(after.calls, before.calls),
    handlerMs: subtractCounts(after.handlerMs, before.handlerMs),
    sidecarCpuMs,
    doubleCpuMs: after.cpuMs - before.cpuMs,
    ...report,
  });
}
mailer.close();
process.stdout.write(
  `${JSON.stringify({ rows, baselineRssMb, sidecarRssMb: (process.resourceUsage().maxRSS * 1024) / MB })}\n`,
);
