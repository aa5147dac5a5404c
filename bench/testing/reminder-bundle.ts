// The reminder scan (reminder-scan.ts) bundled with esbuild, as the image bundles the sidecar
// (scripts/build-sidecar.ts), so the process that runs it holds credman's code only and its peak RSS is credman's.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// Bundled CommonJS packages call require() for Node's built-ins; the ES module bundle creates one (as the image's).
const REQUIRE_SHIM =
  "import { createRequire as __benchCreateRequire } from 'node:module';\n" +
  'const require = __benchCreateRequire(import.meta.url);';

/** Writes the bundle into `dir` and returns its path. */
export async function bundleReminderScan(dir: string): Promise<string> {
  const bundle = join(dir, 'reminder-scan.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./reminder-scan.ts', import.meta.url))],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    banner: { js: REQUIRE_SHIM },
    logLevel: 'warning',
  });
  return bundle;
}
