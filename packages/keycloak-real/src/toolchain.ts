// Finds the Java and Maven the real Keycloak needs, and says what to install when they are missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Keycloak 26.6+ supports Java 21 and 25; 17 still starts but is deprecated. */
export const PREFERRED_JAVA_MAJOR = 21;
export const OLDEST_JAVA_MAJOR = 17;

export class ToolchainError extends Error {
  override name = 'ToolchainError';
}

export interface JavaHome {
  home: string;
  major: number;
}

/** The major version in a JDK's `release` file (`JAVA_VERSION="25.0.1"`, or `"1.8.0_402"` for Java 8). */
export function javaMajorOf(releaseFile: string): number | undefined {
  const version = /^JAVA_VERSION="([^"]+)"/m.exec(releaseFile)?.[1];
  if (version === undefined) return undefined;
  const parts = version.split('.').map(Number);
  const major = parts[0] === 1 ? parts[1] : parts[0];
  return major === undefined || Number.isNaN(major) ? undefined : major;
}

/** The newest of the candidates, preferring any supported one (21+) over a deprecated one (17-20). */
export function chooseJava(candidates: JavaHome[]): JavaHome | undefined {
  const usable = candidates.filter((c) => c.major >= OLDEST_JAVA_MAJOR);
  return usable.sort((a, b) => b.major - a.major)[0];
}

function javaHomeAt(home: string): JavaHome | undefined {
  const release = join(home, 'release');
  if (!existsSync(join(home, 'bin', 'java')) || !existsSync(release)) return undefined;
  const major = javaMajorOf(readFileSync(release, 'utf8'));
  return major === undefined ? undefined : { home, major };
}

function javaOnPath(env: NodeJS.ProcessEnv): string | undefined {
  try {
    const java = execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8', env }).trim();
    return java === '' ? undefined : dirname(dirname(realpathSync(java)));
  } catch {
    return undefined;
  }
}

/** JAVA_HOME, every JDK under /usr/lib/jvm and the `java` on PATH; the newest supported one wins. */
export function findJava(env: NodeJS.ProcessEnv = process.env, jvmRoot = '/usr/lib/jvm'): JavaHome {
  const homes = new Set<string>();
  if (env.JAVA_HOME) homes.add(env.JAVA_HOME);
  if (existsSync(jvmRoot)) {
    for (const entry of readdirSync(jvmRoot)) homes.add(join(jvmRoot, entry));
  }
  const onPath = javaOnPath(env);
  if (onPath !== undefined) homes.add(onPath);
  const candidates = [...homes].flatMap((home) => javaHomeAt(home) ?? []);
  const chosen = chooseJava(candidates);
  if (chosen === undefined) {
    throw new ToolchainError(
      `Keycloak needs Java ${String(PREFERRED_JAVA_MAJOR)} or newer and none was found (looked at JAVA_HOME, /usr/lib/jvm, java on PATH). ` +
        "Install a JDK 21 or 25 (e.g. Eclipse Temurin, or your distribution's openjdk-21-jdk-headless) or set JAVA_HOME.",
    );
  }
  return chosen;
}

export function findMaven(env: NodeJS.ProcessEnv = process.env): string {
  try {
    const mvn = execFileSync('sh', ['-c', 'command -v mvn'], { encoding: 'utf8', env }).trim();
    if (mvn !== '') return mvn;
  } catch {
    // reported below
  }
  throw new ToolchainError(
    'Maven (mvn) is needed to download the Keycloak distribution from Maven Central. Install it (e.g. apt-get install maven).',
  );
}
