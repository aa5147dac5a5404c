import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'sidecar', include: ['src/**/*.test.ts'] },
});
