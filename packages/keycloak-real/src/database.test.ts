import { describe, expect, it } from 'vitest';
import { databaseEnv, databaseName, freshDatabase } from './database.ts';

describe("Keycloak's database", () => {
  it('given a label, then the database name is one PostgreSQL takes unquoted', () => {
    expect(databaseName('test-keycloak')).toBe('credman_kc_test_keycloak');
    expect(databaseName('A b/c'.repeat(20))).toMatch(/^[a-z0-9_]{1,63}$/);
  });

  it('given no PostgreSQL answering, then it falls back to dev-file and says why', async () => {
    const database = await freshDatabase('unreachable', { PGHOST: '127.0.0.1', PGPORT: '1' });
    expect(database.kind).toBe('dev-file');
    expect(database.kind === 'dev-file' ? database.reason : '').toContain('no PostgreSQL at 127.0.0.1:1');
    expect(databaseEnv(database)).toEqual({ KC_DB: 'dev-file' });
  });

  it('given PostgreSQL is required and not answering, then it fails instead of falling back', async () => {
    await expect(
      freshDatabase('unreachable', { PGHOST: '127.0.0.1', PGPORT: '1', CREDMAN_KEYCLOAK_DB: 'postgres' }),
    ).rejects.toThrow(/CREDMAN_KEYCLOAK_DB=postgres, but PostgreSQL at 127.0.0.1:1 failed/);
  });
});
