import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { artifactPath, distributionCacheDir, ensureDistribution, parseChecksumFile } from './distribution.ts';

const run = promisify(execFile);

describe('the distribution download', () => {
  it("given Central's .sha1 file with or without a file name, then the digest is read; anything else is refused", () => {
    const digest = '4ff244668809213a1c91ad2505390287203029d0';
    expect(parseChecksumFile(`${digest}\n`)).toBe(digest);
    expect(parseChecksumFile(`${digest.toUpperCase()}  keycloak-quarkus-dist-26.7.3.tar.gz\n`)).toBe(digest);
    expect(() => parseChecksumFile('<html>Not Found</html>')).toThrow(/not a SHA-1 checksum file/);
  });

  it('given a version, then the artifact is where Maven keeps it, and the cache can be moved', () => {
    expect(artifactPath('/m2', '26.7.3', '.sha1')).toBe(
      '/m2/org/keycloak/keycloak-quarkus-dist/26.7.3/keycloak-quarkus-dist-26.7.3.tar.gz.sha1',
    );
    expect(distributionCacheDir({ CREDMAN_KEYCLOAK_CACHE: '/var/cache/kc' })).toBe('/var/cache/kc');
    expect(distributionCacheDir({})).toMatch(/\.cache\/keycloak$/);
  });
});

describe('the distribution unpack', () => {
  const version = '0.0.1-test';

  /** A Maven repository holding a tiny distribution tarball and its checksum, and an empty cache beside it. */
  async function fixture(): Promise<{ env: NodeJS.ProcessEnv; cache: string }> {
    const root = await mkdtemp(join(tmpdir(), 'credman-dist-'));
    const tree = join(root, 'tree', `keycloak-${version}`, 'bin');
    await mkdir(tree, { recursive: true });
    await writeFile(join(tree, 'kc.sh'), '#!/bin/sh\n');
    const repository = join(root, 'm2');
    const tarball = artifactPath(repository, version);
    await mkdir(dirname(tarball), { recursive: true });
    await run('tar', ['-czf', tarball, '-C', join(root, 'tree'), `keycloak-${version}`]);
    const sha1 = createHash('sha1')
      .update(await readFile(tarball))
      .digest('hex');
    await writeFile(artifactPath(repository, version, '.sha1'), `${sha1}\n`);
    const cache = join(root, 'cache');
    return { env: { MAVEN_REPO_LOCAL: repository, CREDMAN_KEYCLOAK_CACHE: cache }, cache };
  }

  it('given two servers started at once on a cold cache, then both get the same complete tree from one unpack', async () => {
    const { env, cache } = await fixture();
    const lines: string[] = [];
    const homes = await Promise.all([
      ensureDistribution({ version, env, log: (line) => lines.push(line) }),
      ensureDistribution({ version, env, log: (line) => lines.push(line) }),
    ]);
    expect(homes).toEqual([join(cache, `keycloak-${version}`), join(cache, `keycloak-${version}`)]);
    expect(existsSync(join(homes[0], 'bin', 'kc.sh'))).toBe(true);
    expect(lines.filter((line) => line.includes('unpacking'))).toHaveLength(1);
    expect((await readdir(cache)).filter((name) => name.startsWith('.unpack-'))).toEqual([]);
  });

  it('given a tree left by an interrupted unpack, then it is replaced; a complete one is kept as it is', async () => {
    const { env, cache } = await fixture();
    const home = join(cache, `keycloak-${version}`);
    await mkdir(join(home, 'bin'), { recursive: true }); // no kc.sh, no marker
    await ensureDistribution({ version, env });
    expect(existsSync(join(home, 'bin', 'kc.sh'))).toBe(true);
    const lines: string[] = [];
    await ensureDistribution({ version, env, log: (line) => lines.push(line) });
    expect(lines).toEqual([]);
  });
});
