// `npm start`'s run file for commands started beside it (apps/sidecar/src/reminders/demo-run.ts reads it): the
// sidecar's settings of this run as `NAME=value` lines, and the demo's private key in a file of its own, both
// 0600 in a 0700 folder of the checkout that git ignores. Removed when the demo stops.
import { chmodSync, mkdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DemoRunFiles {
  /** The key file the settings name as CREDMAN_CLIENT_PRIVATE_KEY_FILE. */
  keyFile: string;
  envFile: string;
  /** Removes both files (and the folder when it is empty); safe to call twice. */
  remove: () => void;
}

/** Writes the private key first, then the settings that name it (a reader never sees a file without its key). */
export function writeDemoRun(
  dir: string,
  privateKeyPem: string,
  settings: (keyFile: string) => Record<string, string>,
): DemoRunFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const keyFile = path.join(dir, 'sidecar-key.pem');
  const envFile = path.join(dir, 'sidecar.env');
  // Mode applies only when the file is new: remove what a killed run may have left.
  rmSync(keyFile, { force: true });
  rmSync(envFile, { force: true });
  const lines = Object.entries({ CREDMAN_DEMO_PID: String(process.pid), ...settings(keyFile) }).map(
    ([name, value]) => {
      if (/[\r\n]/.test(value)) throw new Error(`${name}: a run file value must be one line`);
      return `${name}=${value}`;
    },
  );
  writeFileSync(keyFile, privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(
    envFile,
    `# Written by npm start for commands beside it (npm run reminders -- --dry-run); removed when it stops.\n${lines.join('\n')}\n`,
    { mode: 0o600, flag: 'wx' },
  );
  return {
    keyFile,
    envFile,
    remove: () => {
      rmSync(envFile, { force: true });
      rmSync(keyFile, { force: true });
      try {
        rmdirSync(dir); // only if empty
      } catch {
        // other files in it, or gone already
      }
    },
  };
}
