// `npm run test:tools`, the first step of `npm test`: finds what the tests need beyond Node and npm
// (required-tools.ts) and, as root on a Debian machine, installs what is missing with apt; otherwise it stops at
// once with the one command to run, instead of letting a browser test fail minutes later.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { REQUIRED_TOOLS, planTools } from './required-tools.ts';
import type { RequiredTool } from './required-tools.ts';

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

function isPresent(tool: RequiredTool, env: NodeJS.ProcessEnv): boolean {
  const named = tool.pathVariable === undefined ? undefined : env[tool.pathVariable];
  if (named !== undefined && named !== '') {
    try {
      accessSync(named, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
  return onPath(tool.command, env);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    process.stderr.write(`test tools: ${command} ${args.join(' ')} failed (exit ${String(result.status)})\n`);
    process.exit(1);
  }
}

const env = process.env;
const present = new Set(REQUIRED_TOOLS.filter((tool) => isPresent(tool, env)).map((tool) => tool.command));
const plan = planTools(REQUIRED_TOOLS, {
  present,
  isRoot: process.getuid?.() === 0,
  hasApt: onPath('apt-get', env),
});

if (plan.kind === 'stop') {
  process.stderr.write(`${plan.message}\n`);
  process.exit(1);
}
if (plan.kind === 'install') {
  process.stdout.write(`test tools: installing ${plan.packages.join(', ')} with apt-get\n`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...plan.packages]);
  const still = plan.missing.filter((tool) => !isPresent(tool, env));
  if (still.length > 0) {
    process.stderr.write(
      `test tools: still missing after apt-get: ${still.map((t) => t.command).join(', ')}\n`,
    );
    process.exit(1);
  }
}
process.stdout.write(`test tools: ${REQUIRED_TOOLS.map((tool) => tool.command).join(', ')} present\n`);
