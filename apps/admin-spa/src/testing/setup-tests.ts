// Shared by every test file of the project: DOM matchers and a clean DOM after each test.
import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';

afterEach(async () => {
  // Only component tests have a DOM; browser end-to-end tests run in the node environment.
  if (typeof document === 'undefined') return;
  const { cleanup } = await import('@testing-library/react');
  cleanup();
});
