// The real Keycloak's side of the scale benchmark (bench/scale.real.ts): a proxy in front of it that counts the
// Admin API requests by kind and answers `GET /bench/stats` like the seeded double does (admin-calls.ts), with
// the Keycloak JVM's CPU time and peak RSS from /proc and the SMTP sink's mail count, so the bundled reminder
// scan (reminder-scan.ts) runs unchanged against either. Its heap comes from the management metrics endpoint.
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { adminCallKind, emptyCallCounts } from './admin-calls.ts';
import type { DoubleStats } from './admin-calls.ts';

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** The java process in kc.sh's process group (kc.sh leads the group; java is its child). */
export function javaPidOfGroup(groupId: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (stat.includes('(java)') && Number(fields[2]) === groupId) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  throw new Error(`no java process in group ${String(groupId)}`);
}

/** CPU time (user + system) of a process so far, ms. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Peak resident set of a process, kB (VmHWM). */
export function processPeakRssKb(pid: number): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'))?.[1] ?? 0);
}

/** The JVM's heap in use, MB, from Keycloak's management metrics (needs --metrics-enabled=true). */
export async function heapUsedMb(managementUrl: string): Promise<number> {
  const text = await (await fetch(`${managementUrl}/metrics`)).text();
  let bytes = 0;
  for (const match of text.matchAll(/^jvm_memory_used_bytes\{[^}]*area="heap"[^}]*\} ([\d.eE+-]+)$/gm))
    bytes += Number(match[1]);
  return bytes / 1024 / 1024;
}

export interface StatsProxy {
  url: string;
  stats(): DoubleStats;
  close(): Promise<void>;
}

export async function startStatsProxy(
  target: string,
  javaPid: number,
  mails: () => number,
): Promise<StatsProxy> {
  const upstream = new URL(target);
  const calls = emptyCallCounts();
  const handlerMs = emptyCallCounts();
  const stats = (): DoubleStats => ({
    calls: { ...calls },
    handlerMs: { ...handlerMs },
    cpuMs: processCpuMs(javaPid),
    maxRssKb: processPeakRssKb(javaPid),
    mailsReceived: mails(),
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', upstream);
    if (url.pathname === '/bench/stats') {
      res.setHeader('content-type', 'application/json').end(JSON.stringify(stats()));
      return;
    }
    const kind = url.pathname.startsWith('/admin/') ? adminCallKind(req.method ?? 'GET', url) : undefined;
    if (kind) calls[kind]++;
    const t0 = performance.now();
    const forward = request(
      url,
      { method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => {
          if (kind) handlerMs[kind] += performance.now() - t0;
        });
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
