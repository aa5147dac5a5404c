import { expect, test } from 'vitest';
import { placeholder } from './index.ts';

test('placeholder', () => {
  expect(placeholder).toBe(1);
});
