import { defineConfig } from 'vitest/config';

// `npm run test:keycloak`: the suites that state what credman relies on, run against the REAL Keycloak that the
// global set-up provisions once (packages/keycloak-real/README.md). `npm test` runs the same files against the
// double. The files listed here use no double internals (their harnesses give each suite a realm of its own on
// the real server), so both runs assert the same things.
export default defineConfig({
  test: {
    globalSetup: ['packages/keycloak-real/src/vitest-global-setup.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-keycloak-results.json' },
    // Two cores: a real Keycloak, the sidecar and Chromium already compete for them.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'contract@keycloak',
          root: 'packages/keycloak-double',
          include: ['src/contract/**/*.contract.test.ts'],
          testTimeout: 60_000,
          // Set-up and clean-up hooks talk to the real server too (realm imports, deletions): on two loaded
          // cores they take longer than vitest's 10 s default.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'sidecar@keycloak',
          root: 'apps/sidecar',
          include: [
            'src/e2e/sidecar-over-http.e2e.test.ts',
            'src/e2e/operator-rights.e2e.test.ts',
            'src/e2e/undelivered-secret.e2e.test.ts',
            'src/e2e/audit-flood.e2e.test.ts',
            'src/e2e/session-end.e2e.test.ts',
            'src/e2e/secret-use.e2e.test.ts',
            'src/keycloak/admin-adapter-secret-free.test.ts',
            'src/keycloak/admin-adapter-records-batch.test.ts',
            'src/store/write-claim.test.ts',
            'src/keycloak/read-paths-secret-free.test.ts',
            'src/reminders/runner.test.ts',
            'src/reminders/runner.year.test.ts',
            // The due-index jobs, each case with the extension (the server with the JAR) and without it (the
            // stock server the global set-up starts beside it: apps/sidecar/src/testing/test-keycloak.ts).
            'src/reminders/runner.due-index.test.ts',
            'src/credentials/sweeper.due-index.test.ts',
            'src/credentials/sweeper.reconcile.test.ts',
            'src/security-notices/security-notifier.test.ts',
          ],
          testTimeout: 180_000,
          // startE2e imports a realm of its own in beforeAll (apps/sidecar/src/testing/test-keycloak.ts).
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'admin-spa@keycloak',
          root: 'apps/admin-spa',
          include: ['src/e2e/console.e2e.test.ts'],
          setupFiles: ['./src/testing/setup-tests.ts'],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'keycloak-real@keycloak',
          root: 'packages/keycloak-real',
          include: ['src/**/*.contract.test.ts'],
        },
      },
      {
        // Each of these starts a real Keycloak of its own: `npm start -- --real-keycloak`, and compose's command
        // line and environment.
        test: {
          name: 'deploy@keycloak',
          root: 'scripts',
          include: ['start.smoke.test.ts', 'compose-stack.real.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
