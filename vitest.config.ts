import { defineConfig } from 'vitest/config';

// Every package and app with a vitest.config.ts is a test project; coverage is collected across all of them.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'scripts/vitest.config.ts'],
    coverage: {
      provider: 'v8',
      reporter: ['text-summary', 'text'],
      include: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.{ts,tsx}'],
      exclude: ['**/*.test.ts', '**/*.test.tsx', '**/test/**'],
      thresholds: {
        'packages/domain/src/**': { lines: 95 },
      },
    },
  },
});
