import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: credman on Keycloak's own cluster (packages/keycloak-real/README.md → Cluster): two
// Keycloak nodes on one PostgreSQL database and two sidecar replicas as processes. The suite starts its own cluster
// (a test stops and restarts a node), so there is no global set-up; one file, one worker.
export default defineConfig({
  test: {
    name: 'cluster@keycloak',
    root: 'apps/sidecar',
    include: ['src/**/*.cluster.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '../../test-artifacts/vitest-cluster-results.json' },
    maxWorkers: 1,
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
});
