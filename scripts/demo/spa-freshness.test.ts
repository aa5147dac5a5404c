// When `npm start` rebuilds the SPA: no build yet, or any build input newer than dist/index.html.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spaBuildReason } from './spa-freshness.ts';
import type { SpaLayout } from './spa-freshness.ts';

let root: string;
let layout: SpaLayout;
const BUILT = new Date('2026-11-20T10:00:00Z');
const BEFORE = new Date('2026-11-19T10:00:00Z');
const AFTER = new Date('2026-11-21T10:00:00Z');

async function file(relative: string, mtime: Date): Promise<void> {
  const target = path.join(root, relative);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, relative);
  await utimes(target, mtime, mtime);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'credman-spa-'));
  layout = {
    root,
    spaDir: path.join(root, 'apps/admin-spa'),
    extraSources: [path.join(root, 'packages/domain/src')],
  };
  await file('apps/admin-spa/src/main.tsx', BEFORE);
  await file('apps/admin-spa/index.html', BEFORE);
  await file('packages/domain/src/naming.ts', BEFORE);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('spaBuildReason', () => {
  it('given no dist, then a build is needed because it is missing', async () => {
    expect(await spaBuildReason(layout)).toBe('apps/admin-spa/dist is missing');
  });

  it('given a build newer than every input, then no build is needed', async () => {
    await file('apps/admin-spa/dist/index.html', BUILT);
    expect(await spaBuildReason(layout)).toBeUndefined();
  });

  it('given a source file changed after the build, then a build is needed and the reason names it', async () => {
    await file('apps/admin-spa/dist/index.html', BUILT);
    await file('apps/admin-spa/src/routes/applications/page.tsx', AFTER);
    expect(await spaBuildReason(layout)).toBe('apps/admin-spa/src changed after the last build');
  });

  it('given the shared domain package changed after the build, then a build is needed', async () => {
    await file('apps/admin-spa/dist/index.html', BUILT);
    await file('packages/domain/src/status.ts', AFTER);
    expect(await spaBuildReason(layout)).toBe('packages/domain/src changed after the last build');
  });

  it('given only node_modules changed after the build, then no build is needed', async () => {
    await file('apps/admin-spa/dist/index.html', BUILT);
    await file('apps/admin-spa/src/node_modules/.cache/x.json', AFTER);
    expect(await spaBuildReason(layout)).toBeUndefined();
  });
});
