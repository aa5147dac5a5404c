import { describe, expect, it } from 'vitest';
import { keycloakVersionOf, pinnedKeycloakVersion } from './pinned-version.ts';

describe('the pinned Keycloak version', () => {
  it('given a compose file, then the version is the keycloak service image tag', () => {
    const text = 'services:\n  keycloak:\n    image: quay.io/keycloak/keycloak:26.7.3\n';
    expect(keycloakVersionOf(text)).toBe('26.7.3');
  });

  it('given an image without an exact version, then it is refused with the path to fix', () => {
    expect(() =>
      keycloakVersionOf('services:\n  keycloak:\n    image: quay.io/keycloak/keycloak:latest\n'),
    ).toThrow(/services\.keycloak\.image/);
    expect(() => keycloakVersionOf('services: {}\n')).toThrow(/found undefined/);
  });

  it('given the repository, then docker-compose.yml pins a 26.x version', () => {
    expect(pinnedKeycloakVersion()).toMatch(/^26\.\d+\.\d+$/);
  });
});
