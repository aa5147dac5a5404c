// credman's Keycloak extension (keycloak-extension/): the provider JAR every real Keycloak of the repository
// loads. Built with Maven when missing or older than its sources, so whatever starts a Keycloak (the npm scripts,
// the test set-ups, the cluster suite, the benchmarks) never runs it without the current JAR.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './pinned-version.ts';
import { findMaven } from './toolchain.ts';

const run = promisify(execFile);

export const EXTENSION_DIR = join(REPO_ROOT, 'keycloak-extension');
export const EXTENSION_JAR_NAME = 'credman-keycloak-extension.jar';
export const EXTENSION_JAR = join(EXTENSION_DIR, 'target', EXTENSION_JAR_NAME);

async function newestSourceMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path))
    newest = Math.max(newest, await newestSourceMtime(join(path, entry)));
  return newest;
}

/** Whether the JAR exists and is at least as new as pom.xml and src/main. */
export async function extensionJarIsCurrent(): Promise<boolean> {
  if (!existsSync(EXTENSION_JAR)) return false;
  const sources = Math.max(
    await newestSourceMtime(join(EXTENSION_DIR, 'pom.xml')),
    await newestSourceMtime(join(EXTENSION_DIR, 'src', 'main')),
  );
  return (await stat(EXTENSION_JAR)).mtimeMs >= sources;
}

/** Runs Maven on the module: `verify` (with its JUnit tests) or `package` without them. */
export async function buildExtension(
  options: { tests?: boolean; env?: NodeJS.ProcessEnv; log?: ((line: string) => void) | undefined } = {},
): Promise<string> {
  const env = options.env ?? process.env;
  const tests = options.tests ?? true;
  options.log?.(`Building ${EXTENSION_JAR_NAME} with Maven${tests ? '' : ' (tests skipped)'} …`);
  const args = [
    '-B',
    '-q',
    '-f',
    join(EXTENSION_DIR, 'pom.xml'),
    ...(env.MAVEN_REPO_LOCAL ? [`-Dmaven.repo.local=${env.MAVEN_REPO_LOCAL}`] : []),
    ...(tests ? ['verify'] : ['-DskipTests', 'package']),
  ];
  try {
    await run(findMaven(env), args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string };
    throw new Error(
      `building the Keycloak extension failed (mvn ${args.join(' ')}):\n${output.stdout ?? ''}${output.stderr ?? ''}`,
      { cause: error },
    );
  }
  return EXTENSION_JAR;
}

let pending: Promise<string> | undefined;

/** The JAR's path, built first when missing or stale; concurrent callers of one process share one build. */
export function ensureExtensionJar(log?: (line: string) => void): Promise<string> {
  pending ??= (async () => {
    if (await extensionJarIsCurrent()) return EXTENSION_JAR;
    return buildExtension({ tests: false, log });
  })().finally(() => {
    pending = undefined;
  });
  return pending;
}
