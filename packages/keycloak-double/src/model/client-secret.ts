// Keycloak's view of a client's two secret slots (OIDCClientSecretConfigWrapper, ClientSecretConstants). All times
// are epoch seconds stored as decimal strings.
import { timingSafeEqual } from 'node:crypto';
import type { ClientModel } from './types.ts';

export const SECRET_CREATION_TIME = 'client.secret.creation.time';
export const SECRET_EXPIRATION_TIME = 'client.secret.expiration.time';
export const SECRET_REMAINING_EXPIRATION_TIME = 'client.secret.remaining.expiration.time';
export const ROTATED_SECRET = 'client.secret.rotated';
export const ROTATED_SECRET_CREATION_TIME = 'client.secret.rotated.creation.time';
export const ROTATED_SECRET_EXPIRATION_TIME = 'client.secret.rotated.expiration.time';

/** ClientModel.setAttribute: Keycloak's JPA adapter removes an attribute whose value is null or empty. */
export function setClientAttribute(client: ClientModel, key: string, value: string | null | undefined): void {
  if (value === null || value === undefined || value === '') client.attributes.delete(key);
  else client.attributes.set(key, value);
}

function numericAttribute(client: ClientModel, key: string): number | undefined {
  const raw = client.attributes.get(key);
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

export function secretExpirationTime(client: ClientModel): number | undefined {
  return numericAttribute(client, SECRET_EXPIRATION_TIME);
}

/** `isClientSecretExpired`: an expiration that is set, positive and before now. Absent means never. */
export function isClientSecretExpired(client: ClientModel, nowSeconds: number): boolean {
  const expiration = secretExpirationTime(client) ?? 0;
  return expiration > 0 && expiration < nowSeconds;
}

/** `hasRotatedSecret`: both the rotated value and its creation time are non-blank (OIDCClientSecretConfigWrapper). */
export function hasRotatedSecret(client: ClientModel): boolean {
  const value = client.attributes.get(ROTATED_SECRET) ?? '';
  const created = client.attributes.get(ROTATED_SECRET_CREATION_TIME) ?? '';
  return value.trim() !== '' && created.trim() !== '';
}

/** `isClientRotatedSecretExpired`: a missing expiration counts as expired. */
export function isRotatedSecretExpired(client: ClientModel, nowSeconds: number): boolean {
  const expiration = numericAttribute(client, ROTATED_SECRET_EXPIRATION_TIME);
  return expiration === undefined || expiration < nowSeconds;
}

/** MessageDigest.isEqual: constant time for equal lengths, false for different lengths. */
function secretsEqual(given: string, stored: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(stored, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function validatePrimarySecret(client: ClientModel, secret: string): boolean {
  return client.secret !== undefined && secretsEqual(secret, client.secret);
}

export function validateRotatedSecret(client: ClientModel, secret: string, nowSeconds: number): boolean {
  if (!hasRotatedSecret(client) || isRotatedSecretExpired(client, nowSeconds)) return false;
  return secretsEqual(secret, client.attributes.get(ROTATED_SECRET) ?? '');
}

/** `removeClientSecretRotationInfo`: what a PUT or regenerate does when no rotation executor ran. */
export function removeClientSecretRotationInfo(client: ClientModel): void {
  for (const key of [
    SECRET_EXPIRATION_TIME,
    SECRET_REMAINING_EXPIRATION_TIME,
    ROTATED_SECRET,
    ROTATED_SECRET_CREATION_TIME,
    ROTATED_SECRET_EXPIRATION_TIME,
  ])
    client.attributes.delete(key);
}
