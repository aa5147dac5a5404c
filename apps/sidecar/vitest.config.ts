import { defineProject } from 'vitest/config';

// *.cluster.test.ts start a Keycloak cluster of their own: `npm run test:cluster` (vitest.cluster.config.ts).
export default defineProject({
  test: { name: 'sidecar', include: ['src/**/*.test.ts'], exclude: ['src/**/*.cluster.test.ts'] },
});
