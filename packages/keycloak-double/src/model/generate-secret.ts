import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** KeycloakModelUtils.generateSecret: 32 random alphanumeric characters (256 bits of SecretGenerator). */
export function generateClientSecret(length = 32): string {
  let secret = '';
  for (let i = 0; i < length; i++) secret += ALPHANUMERIC.charAt(randomInt(ALPHANUMERIC.length));
  return secret;
}
