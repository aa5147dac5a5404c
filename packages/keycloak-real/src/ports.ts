import { createServer } from 'node:net';

/** Whether a TCP port can be bound on all interfaces right now (as Keycloak binds it). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => {
      resolve(false);
    });
    probe.listen(port, () => {
      probe.close(() => {
        resolve(true);
      });
    });
  });
}

/**
 * A port free right now, below Linux's ephemeral range (32768+): a port the OS assigned with listen(0) comes from
 * that range, so an outgoing connection (a Keycloak's database pool) could take it before the server binds it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await portIsFree(port)) return port;
  }
  throw new Error('no free port between 20000 and 32000');
}
