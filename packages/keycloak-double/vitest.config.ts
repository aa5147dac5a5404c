import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'keycloak-double', include: ['src/**/*.test.ts'], testTimeout: 20_000 },
});
