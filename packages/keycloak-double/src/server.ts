// The double over real HTTP on loopback, for browser tests, cross-process tests and the no-Docker demo.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import type { DoubleEnv } from './app.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export function startServer(
  app: Hono<DoubleEnv>,
  options: { port?: number; hostname?: string } = {},
): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close((error?: Error) => {
              if (error) fail(error);
              else done();
            });
          }),
      });
    });
    server.once('error', reject);
  });
}
