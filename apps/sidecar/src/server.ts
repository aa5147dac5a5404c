// Listening and stopping: start() binds createApp(deps) to a port (0 = any free one) and returns its URL and
// a close() that drains in-flight requests before it gives up on them.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import type { AppDeps } from './app.ts';

export interface StartOptions extends AppDeps {
  port: number;
  /** Interface to bind; all interfaces when omitted. */
  host?: string | undefined;
  /** How long close() waits for in-flight requests before cutting connections. */
  shutdownGraceMs?: number;
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

function urlOf(address: AddressInfo): string {
  const wildcard = address.address === '::' || address.address === '0.0.0.0';
  const host = wildcard ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

export async function start(options: StartOptions): Promise<RunningServer> {
  const { port, host, shutdownGraceMs = 10_000, ...deps } = options;
  const app = createApp(deps);
  const server = createServer();
  let closing: Promise<void> | undefined;
  // While closing, keep-alive connections must not outlive their last response: new responses say
  // `Connection: close`, and a connection that just finished its response is closed once idle.
  // Registered before the app so the header is set before any handler writes.
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (closing !== undefined) res.setHeader('Connection', 'close');
    res.on('finish', () => {
      if (closing === undefined) return;
      setImmediate(() => {
        server.closeIdleConnections();
      });
    });
  });
  server.on('request', app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const close = () => {
    closing ??= new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => {
        server.closeAllConnections();
      }, shutdownGraceMs);
      deadline.unref();
      server.close((error) => {
        clearTimeout(deadline);
        if (error === undefined) resolve();
        else reject(error);
      });
      // Keep-alive connections without a request in flight would hold close() open until they time out.
      server.closeIdleConnections();
    });
    return closing;
  };
  return { url: urlOf(address), server, close };
}
