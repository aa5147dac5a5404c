// Test helpers for the deploy tests that run real processes (the sidecar bundle, `npm start`): spawn with the
// output collected, wait for a line, stop the whole process group so no grandchild outlives the test.
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Spawned {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved as received. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves with the exit code once it exited. */
  stop(graceMs?: number): Promise<number | null>;
}

export function spawnCollected(command: string, args: string[], options: SpawnOptions = {}): Spawned {
  // detached: the child leads its own process group, so stop() reaches npm's and tsx's grandchildren too.
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
      for (const listener of listeners) listener();
    });
  });

  return {
    child,
    output: () => output,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            finish(() => {
              resolve(match);
            });
          } else if (child.exitCode !== null || child.signalCode !== null) {
            finish(() => {
              reject(new Error(`process exited before ${String(pattern)}:\n${output}`));
            });
          }
        };
        const timer = setTimeout(() => {
          finish(() => {
            reject(new Error(`no ${String(pattern)} within ${String(timeoutMs)} ms:\n${output}`));
          });
        }, timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 5000) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        signalGroup(child.pid, 'SIGTERM');
        const killer = setTimeout(() => {
          if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
        }, graceMs);
        const code = await exited;
        clearTimeout(killer);
        return code;
      }
      return exited;
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** A TCP port that was free a moment ago on loopback (for processes whose port must be known up front). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => {
        resolve(port);
      });
    });
  });
}
