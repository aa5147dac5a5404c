import { defineProject } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Component tests run in jsdom against msw; browser end-to-end tests (src/e2e/**/*.e2e.test.ts) declare
// `// @vitest-environment node` themselves because they drive a real Chromium from Node. The time-out only catches
// a hang: on two loaded cores a page test that renders and pages took more than 20 s.
export default defineProject({
  plugins: [react()],
  test: {
    name: 'admin-spa',
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    setupFiles: ['./src/testing/setup-tests.ts'],
    testTimeout: 60_000,
  },
});
