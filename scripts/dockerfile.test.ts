// The Dockerfile cannot be built here (no Docker engine), so this checks what it relies on: every workspace
// manifest reaches `npm ci`, the build scripts it calls exist, the runtime copies what those builds write and
// starts the file the bundle is, runs as a non-root user, and checks /readyz. The bundle itself is run by
// build-sidecar.test.ts.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OUTFILE, SIDECAR_NODE_FLAGS } from './build-sidecar.ts';
import { ROOT } from './testing/compose.ts';

interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}

/** Dockerfile instructions with continuation lines joined, numbered by build stage (FROM starts one). */
function instructions(dockerfile: string): Instruction[] {
  const logical = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  let stage = -1;
  return logical.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === 'FROM') stage += 1;
    return { keyword: keyword.toUpperCase(), args: rest.join(' '), stage };
  });
}

async function workspaceManifests(): Promise<string[]> {
  const manifests: string[] = [];
  for (const parent of ['packages', 'apps']) {
    for (const entry of await readdir(path.join(ROOT, parent), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const manifest = `${parent}/${entry.name}/package.json`;
      try {
        await readFile(path.join(ROOT, manifest));
        manifests.push(manifest);
      } catch {
        // a folder that is not a workspace
      }
    }
  }
  return manifests;
}

describe('Dockerfile', () => {
  let steps: Instruction[];
  let runtime: Instruction[];
  beforeAll(async () => {
    steps = instructions(await readFile(path.join(ROOT, 'Dockerfile'), 'utf8'));
    const last = Math.max(...steps.map((step) => step.stage));
    runtime = steps.filter((step) => step.stage === last);
  });

  it('builds on and runs on pinned Node 24 LTS (bookworm-slim)', () => {
    const arg = steps.find((step) => step.keyword === 'ARG' && step.args.startsWith('NODE_IMAGE='));
    expect(arg?.args).toBe('NODE_IMAGE=node:24-bookworm-slim');
    expect(steps.filter((step) => step.keyword === 'FROM').map((step) => step.args)).toEqual([
      '${NODE_IMAGE} AS build',
      '${NODE_IMAGE} AS runtime',
    ]);
  });

  it('copies every workspace manifest and the lockfile before `npm ci`', async () => {
    const ci = steps.findIndex((step) => step.keyword === 'RUN' && step.args.startsWith('npm ci'));
    expect(ci).toBeGreaterThan(0);
    const copied = steps
      .slice(0, ci)
      .filter((step) => step.keyword === 'COPY')
      .map((step) => step.args)
      .join(' ');
    expect(copied).toContain('package-lock.json');
    for (const manifest of await workspaceManifests()) {
      expect(copied, manifest).toContain(manifest);
    }
  });

  it('runs build scripts that exist in the workspaces it names', async () => {
    const builds = steps
      .filter((step) => step.keyword === 'RUN')
      .flatMap((step) =>
        [...step.args.matchAll(/npm run build -w (@credman\/[\w-]+)/g)].map(([, name]) => name),
      );
    expect(builds).toEqual(['@credman/admin-spa', '@credman/sidecar']);
    for (const name of builds) {
      const dir = name === '@credman/admin-spa' ? 'apps/admin-spa' : 'apps/sidecar';
      const manifest = JSON.parse(await readFile(path.join(ROOT, dir, 'package.json'), 'utf8')) as {
        name: string;
        scripts?: Record<string, string>;
      };
      expect(manifest.name).toBe(name);
      expect(manifest.scripts?.build, `${name} has a build script`).toBeDefined();
    }
  });

  it('ships only the bundle and the SPA, and starts the bundle the sidecar build writes', () => {
    const copies = runtime.filter((step) => step.keyword === 'COPY').map((step) => step.args);
    expect(copies).toEqual([
      '--from=build /src/apps/sidecar/dist/ /app/',
      '--from=build /src/apps/admin-spa/dist/ /app/spa/',
    ]);
    expect(path.relative(ROOT, path.dirname(DEFAULT_OUTFILE))).toBe(path.join('apps', 'sidecar', 'dist'));
    const cmd = runtime.find((step) => step.keyword === 'CMD');
    expect(cmd?.args).toBe(
      `["node", "${SIDECAR_NODE_FLAGS.join('", "')}", "--enable-source-maps", "/app/${path.basename(DEFAULT_OUTFILE)}"]`,
    );
    const env = runtime.find((step) => step.keyword === 'ENV')?.args ?? '';
    expect(env).toContain('CREDMAN_SPA_DIR=/app/spa');
  });

  it('runs as the non-root node user with a /readyz health check', () => {
    const user = runtime.filter((step) => step.keyword === 'USER').map((step) => step.args);
    expect(user).toEqual(['node']);
    const healthcheck = runtime.find((step) => step.keyword === 'HEALTHCHECK');
    expect(healthcheck?.args).toContain('/readyz');
  });

  it('keeps host-built and installed files out of the build context', async () => {
    const ignored = (await readFile(path.join(ROOT, '.dockerignore'), 'utf8')).split('\n');
    for (const pattern of ['**/node_modules', '**/dist', '.git']) expect(ignored).toContain(pattern);
  });
});
