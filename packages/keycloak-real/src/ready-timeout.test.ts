import { describe, expect, it } from 'vitest';
import { readyTimeoutFromEnv } from './keycloak-server.ts';

describe('readyTimeoutFromEnv', () => {
  it('given nothing set, then a start may take 8 minutes', () => {
    expect(readyTimeoutFromEnv({})).toBe(480_000);
  });

  it('given CREDMAN_KEYCLOAK_READY_TIMEOUT_MS, then that many milliseconds; nonsense falls back', () => {
    expect(readyTimeoutFromEnv({ CREDMAN_KEYCLOAK_READY_TIMEOUT_MS: '900000' })).toBe(900_000);
    expect(readyTimeoutFromEnv({ CREDMAN_KEYCLOAK_READY_TIMEOUT_MS: 'soon' })).toBe(480_000);
    expect(readyTimeoutFromEnv({ CREDMAN_KEYCLOAK_READY_TIMEOUT_MS: '-1' })).toBe(480_000);
  });
});
