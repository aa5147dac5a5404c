import { describe, expect, it } from 'vitest';
import { mergeRealmAdditions } from './merge.ts';

describe('mergeRealmAdditions', () => {
  it('appends arrays and merges nested objects', () => {
    const merged = mergeRealmAdditions(
      { realm: 'r', clients: [{ clientId: 'a' }], roles: { realm: [{ name: 'x' }] } },
      { clients: [{ clientId: 'b' }], roles: { client: { b: [{ name: 'y' }] } } },
    );
    expect(merged).toEqual({
      realm: 'r',
      clients: [{ clientId: 'a' }, { clientId: 'b' }],
      roles: { realm: [{ name: 'x' }], client: { b: [{ name: 'y' }] } },
    });
  });

  it('refuses to change a value the template defines', () => {
    expect(() => mergeRealmAdditions({ smtpServer: { host: 'a' } }, { smtpServer: { host: 'b' } })).toThrow(
      /smtpServer\.host/,
    );
  });

  it('does not modify its inputs', () => {
    const template = { clients: [{ clientId: 'a' }] };
    mergeRealmAdditions(template, { clients: [{ clientId: 'b' }] });
    expect(template.clients).toHaveLength(1);
  });
});
