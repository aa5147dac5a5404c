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

/** One Admin API operation's share of the proxied requests: count, wall time and Keycloak CPU, ms. */
export interface OperationFigures {
  calls: number;
  wallMs: number;
  cpuMs: number;
}

/**
 * The operation of a request with its ids taken out (`GET /clients/{id}/roles/{name}/users`), so the profile
 * groups the calls of every application; query parameter names are kept, their values are not.
 */
export function operationOf(method: string, url: URL): string {
  const path = url.pathname
    .replace(/^\/admin\/realms\/[^/]+/, '')
    .replace(/\/(clients|users|groups|roles-by-id)\/[^/]+/g, '/$1/{id}')
    .replace(/\/roles\/[^/]+/g, '/roles/{name}');
  const params = [...new Set(url.searchParams.keys())].sort().join('&');
  return `${method} ${path}${params ? `?${params}` : ''}`;
}

/**
 * Splits the Keycloak process's CPU among the requests in flight: at every start and end of a request the CPU
 * used since the previous one goes in equal shares to the requests that were in flight meanwhile (to `idle`
 * when none was). The JVM's background work (GC, timers) lands on whatever was in flight; over thousands of
 * calls the shares show where the CPU goes, not what one call costs.
 */
export class CpuProfile {
  readonly #cpu: () => number;
  readonly #figures = new Map<string, OperationFigures>();
  readonly #inFlight = new Map<number, string>();
  #lastCpu: number;
  #next = 0;

  constructor(cpu: () => number) {
    this.#cpu = cpu;
    this.#lastCpu = cpu();
  }

  #settle(): void {
    const now = this.#cpu();
    const delta = now - this.#lastCpu;
    this.#lastCpu = now;
    if (this.#inFlight.size === 0) {
      this.#entry('idle').cpuMs += delta;
      return;
    }
    for (const operation of this.#inFlight.values())
      this.#entry(operation).cpuMs += delta / this.#inFlight.size;
  }

  #entry(operation: string): OperationFigures {
    let entry = this.#figures.get(operation);
    if (!entry) {
      entry = { calls: 0, wallMs: 0, cpuMs: 0 };
      this.#figures.set(operation, entry);
    }
    return entry;
  }

  /** A request starts; call the returned function when its answer has ended. */
  start(operation: string): () => void {
    this.#settle();
    const id = this.#next++;
    this.#inFlight.set(id, operation);
    this.#entry(operation).calls++;
    const t0 = performance.now();
    return () => {
      if (!this.#inFlight.has(id)) return;
      this.#settle();
      this.#inFlight.delete(id);
      this.#entry(operation).wallMs += performance.now() - t0;
    };
  }

  /** The figures so far, costliest CPU first; `idle` is the CPU used while no request was in flight. */
  figures(): Record<string, OperationFigures> {
    this.#settle();
    const sorted = [...this.#figures.entries()].sort(([, a], [, b]) => b.cpuMs - a.cpuMs);
    return Object.fromEntries(sorted.map(([operation, f]) => [operation, { ...f }]));
  }
}

export interface StatsProxy {
  url: string;
  stats(): DoubleStats;
  /** Keycloak's CPU and the wall time per operation since the proxy started (CpuProfile). */
  profile(): Record<string, OperationFigures>;
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
  const profile = new CpuProfile(() => processCpuMs(javaPid));
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
    const done = url.pathname.startsWith('/admin/')
      ? profile.start(operationOf(req.method ?? 'GET', url))
      : profile.start(`${req.method ?? 'GET'} (not admin)`);
    const t0 = performance.now();
    const forward = request(
      url,
      { method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => {
          if (kind) handlerMs[kind] += performance.now() - t0;
          done();
        });
      },
    );
    forward.on('error', () => {
      done();
      res.destroy();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    stats,
    profile: () => profile.figures(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
