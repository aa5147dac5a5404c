import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REQUIRED_TOOLS, installCommand, planTools } from './required-tools.ts';

const ALL = new Set(REQUIRED_TOOLS.map((tool) => tool.command));

describe('planTools', () => {
  it('given every tool present, then nothing is to do', () => {
    expect(planTools(REQUIRED_TOOLS, { present: ALL, isRoot: false, hasApt: true })).toEqual({
      kind: 'ready',
    });
  });

  it('given root on a Debian machine without Chromium, then it installs exactly the missing package', () => {
    const plan = planTools(REQUIRED_TOOLS, {
      present: new Set(['docker-compose', 'promtool', 'prometheus']),
      isRoot: true,
      hasApt: true,
    });
    expect(plan).toMatchObject({ kind: 'install', packages: ['chromium'] });
  });

  it('given a user who is not root, then it stops with the one command to run, naming what needs each tool', () => {
    const plan = planTools(REQUIRED_TOOLS, { present: new Set(), isRoot: false, hasApt: true });
    expect(plan.kind).toBe('stop');
    if (plan.kind !== 'stop') return;
    expect(plan.message).toContain(
      "sudo sh -c 'apt-get update && apt-get install -y chromium docker-compose prometheus'",
    );
    expect(plan.message).toContain('chromium (or set CHROMIUM_PATH to it): the browser tests');
    expect(plan.message).toContain('docker-compose: the docker-compose.yml checks');
  });

  it('given root without apt, then it stops and names the packages', () => {
    const plan = planTools(REQUIRED_TOOLS, {
      present: new Set(['chromium', 'promtool', 'prometheus']),
      isRoot: true,
      hasApt: false,
    });
    expect(plan).toMatchObject({ kind: 'stop' });
    expect(plan.kind === 'stop' && plan.message).toContain('Install the Debian packages docker-compose or');
  });

  it('given root, then the command needs no sudo', () => {
    expect(installCommand(['chromium'], true)).toBe('apt-get update && apt-get install -y chromium');
  });
});

describe('npm run test:tools', () => {
  it('given a machine with only Node on PATH, then it stops at once, exit 1, saying what to install', () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'credman-tools-'));
    try {
      symlinkSync(process.execPath, path.join(bin, 'node'));
      const script = fileURLToPath(new URL('./ensure-test-tools.ts', import.meta.url));
      const env: NodeJS.ProcessEnv = { PATH: bin, HOME: tmpdir() };
      const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
        env,
        encoding: 'utf8',
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('npm test needs:');
      expect(result.stderr).toContain('Install the Debian packages chromium, docker-compose, prometheus');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
