// A credman sidecar replica as production runs it: its own process (src/main.ts, configured from the environment)
// in front of one Keycloak node, over real HTTP.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SIDECAR_DIR = fileURLToPath(new URL('../../..', import.meta.url));

export interface SidecarReplica {
  name: string;
  url: string;
  /** Everything the process wrote (JSON log lines). */
  output(): string;
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  name: string;
  keycloakUrl: string;
  realm: string;
  clientSecret: string;
  env?: Record<string, string>;
}

function listeningUrl(child: ChildProcess, output: string[], name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`replica ${name} did not listen within 60 s:\n${output.join('')}`));
    }, 60_000);
    const look = (): void => {
      const match = /credman sidecar listening on (http:\/\/[^\s"]+)/.exec(output.join(''));
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve(match[1]);
    };
    child.stdout?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`replica ${name} exited (${String(code)}):\n${output.join('')}`));
    });
  });
}

export async function startReplica(options: ReplicaOptions): Promise<SidecarReplica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SIDECAR_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      CREDMAN_PORT: '0',
      CREDMAN_KEYCLOAK_URL: options.keycloakUrl,
      CREDMAN_REALM: options.realm,
      CREDMAN_CLIENT_SECRET: options.clientSecret,
      CREDMAN_LOG_LEVEL: 'info',
      CREDMAN_SPA_DIR: '/nonexistent/credman-spa',
      // The tests send hundreds of writes a minute as one user.
      CREDMAN_RATE_LIMIT_MUTATIONS_PER_MINUTE: '10000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const url = await listeningUrl(child, output, options.name);
  return {
    name: options.name,
    url,
    output: () => output.join(''),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killed = setTimeout(() => {
        child.kill('SIGKILL');
      }, 10_000);
      await exited;
      clearTimeout(killed);
    },
  };
}
