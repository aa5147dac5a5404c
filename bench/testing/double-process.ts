// Starts the seeded double (seeded-double.ts) in a child process and talks to it: its URL, its request counts
// and peak RSS, and shutdown. The child inherits stderr so that a failing seed or start is visible.
// BENCH_DOUBLE_NODE_ARGS adds node options to the child (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`; node refuses
// --cpu-prof in NODE_OPTIONS).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DoubleStats } from './admin-calls.ts';

const ENTRY = fileURLToPath(new URL('./seeded-double.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface DoubleProcess {
  url: string;
  /** The child's SMTP server (it accepts every mail and counts it in `stats().mailsReceived`). */
  smtpUrl: string;
  stats(): Promise<DoubleStats>;
  close(): Promise<void>;
}

export async function startSeededDouble(env: NodeJS.ProcessEnv = process.env): Promise<DoubleProcess> {
  const nodeArgs = (env.BENCH_DOUBLE_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ENTRY], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<{ url: string; smtpUrl: string }>((resolve, reject) => {
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line) as { url: string; smtpUrl: string });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once('error', reject);
    void exited.then((code) => {
      reject(new Error(`seeded double exited before it was ready (code ${String(code)})`));
    });
  });
  const { url, smtpUrl } = await ready;
  return {
    url,
    smtpUrl,
    async stats() {
      const response = await fetch(`${url}/bench/stats`);
      if (!response.ok) throw new Error(`seeded double stats: HTTP ${String(response.status)}`);
      return (await response.json()) as DoubleStats;
    },
    async close() {
      lines.close();
      child.kill('SIGTERM');
      await exited;
    },
  };
}
