import { defineProject } from 'vitest/config';

// *.cluster.test.ts start a Keycloak cluster of their own: `npm run test:cluster` (vitest.cluster.config.ts).
// The time-outs only catch a hang: the e2e files log in over HTTP and start servers, which on two loaded cores
// took more than vitest's 5 s default (a passing test must not fail because the machine is busy).
export default defineProject({
  test: {
    name: 'sidecar',
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.cluster.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
