import { defineProject } from 'vitest/config';

// Unit tests of the pure parts (version pin, Java detection, argument building). The provisioning itself is
// exercised by `npm run test:keycloak` (vitest.keycloak.config.ts), which starts the real server.
export default defineProject({
  test: { name: 'keycloak-real', include: ['src/**/*.test.ts'], exclude: ['src/**/*.real.test.ts'] },
});
