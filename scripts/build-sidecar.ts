// `npm run build -w @credman/sidecar`: the sidecar as ONE self-contained ES module for the container image.
//
// Everything is bundled, node_modules included. The dependency tree is plain JavaScript (no native addons, no
// files read at run time, pino logs to stdout without worker transports), so the runtime image needs neither
// node_modules nor npm: a single file plus the built SPA, a smaller image with fewer packages to patch.
// The bundle is tested by running it against the Keycloak double (scripts/build-sidecar.test.ts).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const SIDECAR_DIR = fileURLToPath(new URL('../apps/sidecar/', import.meta.url));

/** Where `npm run build -w @credman/sidecar` writes the bundle (the Dockerfile copies it from here). */
export const DEFAULT_OUTFILE = `${SIDECAR_DIR}dist/sidecar.mjs`;
/** Node's flags before the bundle in the image's CMD (the Dockerfile says why); the benchmarks run it so too. */
export const SIDECAR_NODE_FLAGS = ['--optimize-for-size'];

// Bundled CommonJS packages (express and friends) call require() for Node's built-in modules; an ES module
// has no `require`, so the bundle creates one. `import.meta.url` stays meaningful because the output is ESM.
const REQUIRE_SHIM =
  "import { createRequire as __credmanCreateRequire } from 'node:module';\n" +
  'const require = __credmanCreateRequire(import.meta.url);';

export async function buildSidecar(options: { outfile?: string } = {}): Promise<string> {
  const outfile = options.outfile ?? DEFAULT_OUTFILE;
  await build({
    entryPoints: [`${SIDECAR_DIR}src/main.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The image runs Node 24; Node 20.19 is the oldest Node the project supports, so the bundle targets it.
    target: 'node20.19',
    banner: { js: REQUIRE_SHIM },
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outfile: { type: 'string' } } });
  const outfile = await buildSidecar(values.outfile === undefined ? {} : { outfile: values.outfile });
  process.stdout.write(`sidecar bundle written to ${outfile}\n`);
}
