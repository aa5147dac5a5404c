// Builds the console with Vite's API into a fresh temporary directory: the browser tests run against the
// production bundle the sidecar will serve, never against a dev server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const APP_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface SpaBuild {
  dir: string;
  remove(): Promise<void>;
}

export async function buildSpa(): Promise<SpaBuild> {
  const dir = await mkdtemp(path.join(tmpdir(), 'credman-spa-'));
  // vitest sets NODE_ENV=test, which would give React's development build; the sidecar serves production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: APP_ROOT,
      configFile: path.join(APP_ROOT, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: dir, emptyOutDir: true, reportCompressedSize: false },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
