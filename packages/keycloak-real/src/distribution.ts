// The Keycloak server distribution: downloaded once from Maven Central with Maven (which keeps it in its local
// repository), its SHA-1 checked against the one Central publishes, unpacked into a cache reused across runs.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './pinned-version.ts';
import { findMaven } from './toolchain.ts';

const run = promisify(execFile);
const VERIFIED_MARKER = '.credman-verified-sha1';

/** Where unpacked distributions are kept: CREDMAN_KEYCLOAK_CACHE, else the git-ignored `.cache/keycloak`. */
export function distributionCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CREDMAN_KEYCLOAK_CACHE ?? join(REPO_ROOT, '.cache', 'keycloak');
}

/** Maven's local repository: MAVEN_REPO_LOCAL if set (passed to mvn too), else Maven's default. */
function mavenRepository(env: NodeJS.ProcessEnv): string {
  return env.MAVEN_REPO_LOCAL ?? join(homedir(), '.m2', 'repository');
}

export function artifactPath(repository: string, version: string, suffix = ''): string {
  return join(
    repository,
    'org',
    'keycloak',
    'keycloak-quarkus-dist',
    version,
    `keycloak-quarkus-dist-${version}.tar.gz${suffix}`,
  );
}

async function sha1Of(file: string): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The checksum file's first word (Central's .sha1 files hold the bare hex digest, some add a file name). */
export function parseChecksumFile(text: string): string {
  const digest = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!/^[0-9a-f]{40}$/.test(digest))
    throw new Error(`not a SHA-1 checksum file: ${JSON.stringify(text.slice(0, 80))}`);
  return digest;
}

export interface DistributionOptions {
  version: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

const pending = new Map<string, Promise<string>>();

/**
 * The unpacked distribution's directory (with bin/kc.sh), downloading and verifying it when not cached. Callers
 * in one process share one unpack (the test set-up starts two servers at once); across processes the unpacked
 * tree appears in one rename, complete with its marker, so a second unpacker keeps the first one's tree and never
 * removes a directory another process may be copying from.
 */
export function ensureDistribution(options: DistributionOptions): Promise<string> {
  const home = join(distributionCacheDir(options.env ?? process.env), `keycloak-${options.version}`);
  let unpacking = pending.get(home);
  if (!unpacking) {
    unpacking = provideDistribution(options, home).finally(() => pending.delete(home));
    pending.set(home, unpacking);
  }
  return unpacking;
}

function isUnpacked(home: string): boolean {
  return existsSync(join(home, VERIFIED_MARKER)) && existsSync(join(home, 'bin', 'kc.sh'));
}

/** Maven fetches the tarball (and its .sha1) from Central into its local repository. */
async function downloadWithMaven(version: string, env: NodeJS.ProcessEnv, log: (line: string) => void) {
  log(`Downloading org.keycloak:keycloak-quarkus-dist:${version}:tar.gz from Maven Central (about 170 MB) …`);
  const args = [
    '-B',
    '-q',
    '--strict-checksums',
    'dependency:get',
    `-Dartifact=org.keycloak:keycloak-quarkus-dist:${version}:tar.gz`,
    '-Dtransitive=false',
    ...(env.MAVEN_REPO_LOCAL ? [`-Dmaven.repo.local=${env.MAVEN_REPO_LOCAL}`] : []),
  ];
  try {
    await run(findMaven(), args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    const output = stdout + stderr;
    throw new Error(
      `Maven could not download Keycloak ${version} (is it published on Maven Central? is the network up?):\n` +
        output
          .split('\n')
          .filter((line) => line.includes('ERROR'))
          .slice(0, 5)
          .join('\n'),
      { cause: error },
    );
  }
}

async function provideDistribution(options: DistributionOptions, home: string): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const cache = distributionCacheDir(env);
  if (isUnpacked(home)) return home;

  const repository = mavenRepository(env);
  const tarball = artifactPath(repository, options.version);
  if (!existsSync(tarball)) await downloadWithMaven(options.version, env, log);
  const expected = parseChecksumFile(
    await readFile(artifactPath(repository, options.version, '.sha1'), 'utf8'),
  );
  const actual = await sha1Of(tarball);
  if (actual !== expected) {
    throw new Error(
      `Keycloak ${options.version} distribution checksum mismatch: ${tarball} has SHA-1 ${actual}, Maven Central publishes ${expected}. Delete the file and run again.`,
    );
  }
  log(`Checksum verified (SHA-1 ${actual}); unpacking into ${home}`);
  await mkdir(cache, { recursive: true });
  const staging = await mkdtemp(join(cache, '.unpack-'));
  try {
    await run('tar', ['-xzf', tarball, '-C', staging]);
    const unpacked = join(staging, `keycloak-${options.version}`);
    await writeFile(join(unpacked, VERIFIED_MARKER), `${actual}\n`);
    // A tree without the marker is an interrupted unpack of an earlier run: nobody uses it.
    if (existsSync(home) && !isUnpacked(home)) await rm(home, { recursive: true, force: true });
    try {
      await rename(unpacked, home);
    } catch (error) {
      // Another process renamed its complete tree into place first: use that one.
      if (!isUnpacked(home)) throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return home;
}
