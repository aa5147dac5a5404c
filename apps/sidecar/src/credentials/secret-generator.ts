import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/**
 * 48 characters of [A-Za-z0-9] ≈ 285 bits from a CSPRNG; never fewer than 40
 * (docs/architecture.md#states-and-the-slot-rule).
 */
export const GENERATED_SECRET_LENGTH = 48;

/** A new client secret from the operating system's CSPRNG (crypto.randomInt is uniform, no modulo bias). */
export function generateSecretValue(length = GENERATED_SECRET_LENGTH): string {
  let value = '';
  for (let i = 0; i < length; i++) value += ALPHABET.charAt(randomInt(ALPHABET.length));
  return value;
}
