// The run file a running `npm start` leaves for commands started beside it (`npm run reminders -- --dry-run` in
// a second terminal): `.demo-run/sidecar.env` in the checkout (git-ignored, 0600, removed when the demo stops),
// holding the sidecar's CREDMAN_* settings of that run as `NAME=value` lines. It names the file of the demo's
// private key (0600 too) and never holds a key or secret itself. The CLI reads it only when the shell sets no
// CREDMAN_* variable of its own, so a configured environment always wins.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's run folder; CREDMAN_DEMO_RUN_DIR moves it (tests, several demos on one machine). */
export function demoRunDir(env: Readonly<Record<string, string | undefined>>): string {
  const root = fileURLToPath(new URL('../../../..', import.meta.url));
  return path.resolve(root, env.CREDMAN_DEMO_RUN_DIR ?? '.demo-run');
}

export const DEMO_RUN_FILE = 'sidecar.env';
/** The line naming the process of the `npm start` that wrote the file: not a sidecar setting. */
export const DEMO_RUN_PID = 'CREDMAN_DEMO_PID';

/** Whether the environment configures the sidecar itself (the demo's own CREDMAN_DEMO_* settings do not count). */
export function configuresSidecar(env: Readonly<Record<string, string | undefined>>): boolean {
  return Object.entries(env).some(
    ([name, value]) =>
      name.startsWith('CREDMAN_') && !name.startsWith('CREDMAN_DEMO_') && value !== undefined,
  );
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The sidecar settings of the running demo, or undefined when there is no run file. Throws with a sentence to
 * show when the file is damaged or left by a demo that no longer runs.
 */
export function readDemoRun(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> | undefined {
  const file = path.join(demoRunDir(env), DEMO_RUN_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const settings: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    const name = at > 0 ? line.slice(0, at) : '';
    if (!/^CREDMAN_[A-Z0-9_]+$/.test(name)) throw new Error(`${file}: not a run file of npm start`);
    settings[name] = line.slice(at + 1);
  }
  const pid = Number(settings[DEMO_RUN_PID]);
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid))
    throw new Error(
      `${file} is left from an \`npm start\` that no longer runs: start the demo again, or set the CREDMAN_* variables yourself`,
    );
  return Object.fromEntries(Object.entries(settings).filter(([name]) => name !== DEMO_RUN_PID));
}
