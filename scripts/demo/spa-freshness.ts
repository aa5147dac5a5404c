// Whether `npm start` must (re)build the admin SPA: when its build output is missing or older than anything it
// is built from (its own sources and config, and @credman/domain, which it imports as source).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface SpaLayout {
  /** The repository root, for messages. */
  root: string;
  /** apps/admin-spa */
  spaDir: string;
  /** Other source directories the SPA build reads (e.g. packages/domain/src). */
  extraSources: string[];
}

/** Newest modification time (ms) of a file or of any file under a directory; undefined when absent. */
async function newestMtime(target: string): Promise<number | undefined> {
  let info;
  try {
    info = await stat(target);
  } catch {
    return undefined;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest: number | undefined;
  for (const entry of await readdir(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const mtime = await newestMtime(path.join(target, entry.name));
    if (mtime !== undefined && (newest === undefined || mtime > newest)) newest = mtime;
  }
  return newest;
}

/** Why the SPA needs a build, or undefined when dist/index.html is newer than every input. */
export async function spaBuildReason(layout: SpaLayout): Promise<string | undefined> {
  const built = await newestMtime(path.join(layout.spaDir, 'dist', 'index.html'));
  if (built === undefined) return `${path.relative(layout.root, layout.spaDir)}/dist is missing`;
  // Only the SPA's own build inputs, not its tests' fixtures elsewhere: src, public, index.html, configs.
  const inputs = [
    ...['src', 'public', 'index.html', 'package.json', 'vite.config.ts', 'tsconfig.json'].map((name) =>
      path.join(layout.spaDir, name),
    ),
    ...layout.extraSources,
  ];
  for (const input of inputs) {
    const mtime = await newestMtime(input);
    if (mtime !== undefined && mtime > built) {
      return `${path.relative(layout.root, input)} changed after the last build`;
    }
  }
  return undefined;
}
