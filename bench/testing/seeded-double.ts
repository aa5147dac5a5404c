// Child process of the reminder benchmark: the Keycloak double with the demo realm plus the seeded benchmark
// applications, over HTTP on loopback, and the SMTP server the mails go to — in production both are separate
// servers, so their CPU and memory must not count as credman's. Prints one JSON line `{"url": ..., "smtpUrl":
// ...}` on stdout when ready. Counts the Admin API
// requests by kind and answers `GET /bench/stats` (outside /admin, so not counted) with those counts and this
// process's peak RSS. Ends on SIGTERM or SIGINT.
// Run with `node --import tsx bench/testing/seeded-double.ts` (spawned by bench/testing/double-process.ts).
import { loadRealm } from '@credman/realm';
import { Hono } from 'hono';
import {
  ManualClock,
  allRouteModules,
  createDoubleApp,
  createKeycloakDouble,
  startServer,
} from '@credman/keycloak-double';
import type { DoubleEnv } from '@credman/keycloak-double';
import { performance } from 'node:perf_hooks';
import { adminCallKind, cpuMs, emptyCallCounts } from './admin-calls.ts';
import type { DoubleStats } from './admin-calls.ts';
import { DAY_MS, SCAN_AT, SIDECAR_SECRET, benchApplications } from './reminder-scenario.ts';
import { seedReminderApplications } from './seed-reminder-applications.ts';
import { startSmtpSink } from '@credman/sidecar/mail/testing/smtp-sink';

const clock = new ManualClock(SCAN_AT - DAY_MS);
const double = await createKeycloakDouble({
  realm: loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: SIDECAR_SECRET }, demo: true }),
  clock,
});
seedReminderApplications(double.realm, benchApplications(), SCAN_AT);
clock.set(SCAN_AT);

const sink = await startSmtpSink();
const counts = emptyCallCounts();
const handlerMs = emptyCallCounts();
const app = new Hono<DoubleEnv>();
app.use('/admin/*', async (c, next) => {
  const kind = adminCallKind(c.req.method, new URL(c.req.url));
  counts[kind]++;
  const t0 = performance.now();
  await next();
  handlerMs[kind] += performance.now() - t0;
});
app.get('/bench/stats', (c) =>
  c.json({
    calls: counts,
    handlerMs,
    cpuMs: cpuMs(),
    maxRssKb: process.resourceUsage().maxRSS,
    mailsReceived: sink.received.length,
  } satisfies DoubleStats),
);
app.route('/', createDoubleApp(double, allRouteModules));
const server = await startServer(app);
process.stdout.write(`${JSON.stringify({ url: server.url, smtpUrl: sink.url.reveal() })}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void Promise.all([server.close(), sink.close()]).finally(() => process.exit(0));
  });
