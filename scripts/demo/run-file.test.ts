// npm start's run file: the key in a file of its own, both files and the folder private to the user, a value
// that would break the line format refused, and nothing left after remove().
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDemoRun } from './run-file.ts';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIfake\n-----END PRIVATE KEY-----\n';
let parent: string | undefined;
afterEach(async () => {
  if (parent !== undefined) await rm(parent, { recursive: true, force: true });
  parent = undefined;
});

describe('writeDemoRun', () => {
  it('writes the key and the settings naming it, 0600 in a 0700 folder, and remove() leaves nothing', async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'credman-run-file-'));
    const dir = path.join(parent, '.demo-run');
    const run = writeDemoRun(dir, PEM, (keyFile) => ({
      CREDMAN_KEYCLOAK_URL: 'http://localhost:8180',
      CREDMAN_CLIENT_PRIVATE_KEY_FILE: keyFile,
    }));

    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(run.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(run.envFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(run.keyFile, 'utf8')).toBe(PEM);
    const settings = readFileSync(run.envFile, 'utf8');
    expect(settings).toContain(`\nCREDMAN_DEMO_PID=${String(process.pid)}\n`);
    expect(settings).toContain(`\nCREDMAN_CLIENT_PRIVATE_KEY_FILE=${run.keyFile}\n`);
    expect(settings).not.toContain('PRIVATE KEY-----');

    run.remove();
    run.remove();
    expect(existsSync(dir)).toBe(false);
  });

  it('given files a killed run left with loose modes, then it replaces them with private ones', async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'credman-run-file-'));
    const dir = path.join(parent, '.demo-run');
    writeDemoRun(dir, PEM, () => ({}));
    await writeFile(path.join(dir, 'sidecar-key.pem'), 'old', { mode: 0o644 });
    const run = writeDemoRun(dir, PEM, () => ({}));
    expect(statSync(run.keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(run.keyFile, 'utf8')).toBe(PEM);
  });

  it('refuses a value with a line break (it would smuggle in another setting)', async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'credman-run-file-'));
    expect(() =>
      writeDemoRun(path.join(parent ?? '', 'run'), PEM, () => ({
        CREDMAN_PUBLIC_URL: 'http://x\nCREDMAN_KEYCLOAK_URL=http://evil',
      })),
    ).toThrow('CREDMAN_PUBLIC_URL: a run file value must be one line');
  });
});
