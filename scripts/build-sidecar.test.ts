// The container image runs `node sidecar.mjs` with no node_modules beside it. This builds that bundle into an
// empty directory, runs it with plain node against the Keycloak double over HTTP, and checks that it serves.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRealm } from '@credman/realm';
import {
  allRouteModules,
  createDoubleApp,
  createKeycloakDouble,
  startServer,
} from '@credman/keycloak-double';
import type { RunningServer } from '@credman/keycloak-double';
import { buildSidecar } from './build-sidecar.ts';
import { spawnCollected } from './testing/child-process.ts';
import type { Spawned } from './testing/child-process.ts';

const SIDECAR_SECRET = 'bundle-test-sidecar-secret-0123456789';

describe('the sidecar bundle (what the Dockerfile ships)', () => {
  let workDir: string;
  let keycloak: RunningServer;
  let sidecar: Spawned;
  let sidecarUrl: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'credman-bundle-'));
    const double = await createKeycloakDouble({
      realm: loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: SIDECAR_SECRET }, demo: true }),
    });
    keycloak = await startServer(createDoubleApp(double, allRouteModules));
    const bundle = await buildSidecar({ outfile: path.join(workDir, 'sidecar.mjs') });
    // cwd is the empty temp directory and only PATH is inherited: the bundle must need nothing but node.
    sidecar = spawnCollected(process.execPath, ['--enable-source-maps', bundle], {
      cwd: workDir,
      env: {
        PATH: process.env.PATH ?? '',
        CREDMAN_PORT: '0',
        CREDMAN_KEYCLOAK_URL: keycloak.url,
        CREDMAN_CLIENT_SECRET: SIDECAR_SECRET,
        CREDMAN_SPA_DIR: path.join(workDir, 'no-spa'),
      },
    });
    const [, url] = await sidecar.waitFor(/"url":"(http:\/\/[^"]+)"/, 20_000);
    sidecarUrl = url!;
  }, 60_000);

  afterAll(async () => {
    await sidecar.stop();
    await keycloak.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('given the double, when the bundle runs, then /healthz is 200', async () => {
    const response = await fetch(`${sidecarUrl}/healthz`);
    expect(response.status).toBe(200);
  });

  it('given the double, when the bundle runs, then /readyz reaches Keycloak and is 200', async () => {
    const response = await fetch(`${sidecarUrl}/readyz`);
    expect(response.status).toBe(200);
  });

  it('given no token, when /api/me is called, then the bundle answers 401 problem+json', async () => {
    const response = await fetch(`${sidecarUrl}/api/me`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('when the bundle receives SIGTERM, then it drains and exits 0', async () => {
    expect(await sidecar.stop()).toBe(0);
  });
});
