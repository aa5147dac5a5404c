import { defineProject } from 'vitest/config';

// The deployment project: the no-Docker demo (`npm start`), the sidecar bundle of the container image, and
// checks that docker-compose.yml, the Dockerfile, the realm files and the docs agree.
export default defineProject({
  test: {
    name: 'deploy',
    include: ['**/*.test.ts'],
    exclude: ['**/*.real.test.ts', '**/node_modules/**'],
    testTimeout: 30_000,
  },
});
