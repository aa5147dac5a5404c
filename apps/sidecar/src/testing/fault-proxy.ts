// A fault-injecting HTTP proxy for tests: it forwards to an upstream (the Keycloak double) and, for requests a
// rule selects by method and path, fails in the ways a real network and a real Keycloak fail. Every request is
// recorded, so a test can assert how often the code under test tried (reads retried, writes not).
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * - `refuse`: the connection is destroyed without an answer (Keycloak down).
 * - `delay`: the request is held `ms` and then forwarded (Keycloak too slow; the caller has timed out, but the
 *   request may still take effect, as it would at a slow server).
 * - `hold`: the request is forwarded only once `until` resolves (a deterministic interleaving of two callers).
 * - `fail`: 500 without forwarding (nothing happened upstream).
 * - `fail-after-forward`: forwarded, upstream's answer discarded, 500 returned (the write happened, the caller
 *   does not know).
 */
export type Fault =
  | { kind: 'refuse' }
  | { kind: 'delay'; ms: number }
  | { kind: 'hold'; until: Promise<void> }
  | { kind: 'fail' }
  | { kind: 'fail-after-forward' };

export interface RequestInfo {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path with the query string, as received. */
  url: string;
}

export interface FaultRule {
  match: (request: RequestInfo) => boolean;
  fault: Fault;
  /** How many matching requests get the fault; unlimited when absent. */
  times?: number;
}

export interface RecordedRequest extends RequestInfo {
  fault: Fault['kind'] | undefined;
}

export interface FaultProxy {
  url: string;
  /** Adds a rule; the first rule that matches a request (and has uses left) applies. */
  inject(rule: FaultRule): void;
  /** Removes all rules and forgets recorded requests. */
  reset(): void;
  /** Requests received so far, optionally only those `match` selects. */
  requests(match?: (request: RequestInfo) => boolean): RecordedRequest[];
  /** Resolves when every request received so far has been forwarded and answered (or dropped). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface ActiveRule extends FaultRule {
  used: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFaultProxy(upstreamUrl: string): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  let rules: ActiveRule[] = [];
  let recorded: RecordedRequest[] = [];
  const inFlight = new Set<Promise<void>>();

  /** Sends the request upstream; resolves with the status and body, or rejects when upstream fails. */
  function forward(req: IncomingMessage, body: Buffer) {
    return new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>(
      (resolve, reject) => {
        const outgoing = httpRequest(
          {
            protocol: upstream.protocol,
            hostname: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: upstream.host, connection: 'close' },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) });
            });
            res.on('error', reject);
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      },
    );
  }

  function fail(res: ServerResponse) {
    if (res.destroyed) return;
    res
      .writeHead(500, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: 'injected fault' }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = req.url ?? '/';
    const info: RequestInfo = { method: req.method ?? 'GET', path: url.split('?')[0] ?? url, url };
    const rule = rules.find((r) => (r.times === undefined || r.used < r.times) && r.match(info));
    if (rule) rule.used++;
    const fault = rule?.fault;
    recorded.push({ ...info, fault: fault?.kind });

    if (fault?.kind === 'refuse') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'fail') {
      fail(res);
      return;
    }
    if (fault?.kind === 'delay') await sleep(fault.ms);
    if (fault?.kind === 'hold') await fault.until;
    let answer: Awaited<ReturnType<typeof forward>>;
    try {
      answer = await forward(req, body);
    } catch {
      if (!res.destroyed) res.writeHead(502).end();
      return;
    }
    if (fault?.kind === 'fail-after-forward') {
      fail(res);
      return;
    }
    if (res.destroyed) return; // the caller gave up (timeout); the request took effect all the same
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    res.writeHead(answer.status, headers).end(answer.body);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const done = handle(req, res, Buffer.concat(chunks)).finally(() => inFlight.delete(done));
      inFlight.add(done);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    inject(rule) {
      rules.push({ ...rule, used: 0 });
    },
    reset() {
      rules = [];
      recorded = [];
    },
    requests(match) {
      return match ? recorded.filter((r) => match(r)) : [...recorded];
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
