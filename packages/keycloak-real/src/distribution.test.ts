import { describe, expect, it } from 'vitest';
import { artifactPath, distributionCacheDir, parseChecksumFile } from './distribution.ts';

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
