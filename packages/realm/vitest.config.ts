import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'realm', include: ['src/**/*.test.ts'] },
});
