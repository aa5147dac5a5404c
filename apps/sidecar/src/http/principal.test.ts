import { describe, expect, it } from 'vitest';
import { displayName } from '../applications/managers.ts';
import { principalFromClaims } from './principal.ts';

const options = { operatorRole: 'credman-operator' };
const claims = (extra: Record<string, unknown>) => ({ sub: 'u-1', preferred_username: 'mallory', ...extra });

// A user's own name is editable in Keycloak's account console: it reaches audit entries, mail bodies and
// Subject lines only through the display-text rules, and never makes a login fail.
describe('the name a principal shows others', () => {
  it('given a name with a line break, a direction override and hidden characters, then a safe one', () => {
    const principal = principalFromClaims(
      claims({ name: 'Mallory\r\nBcc: all@example.org\u202E\u034F' }),
      options,
    );
    expect(principal?.name).toBe('Mallory Bcc: all@example.org');
  });

  it('given given and family names only, then they are cleaned the same way; nothing visible falls back to the username', () => {
    expect(
      principalFromClaims(claims({ given_name: 'Mal\u200Blory', family_name: 'Evil\nSubject: x' }), options)
        ?.name,
    ).toBe('Mallory Evil Subject: x');
    expect(principalFromClaims(claims({ name: '\u200B\u3164' }), options)?.name).toBe('mallory');
  });

  it("given a manager's first and last name from the admin API, then the same rules apply", () => {
    expect(
      displayName({ username: 'mallory', firstName: 'Mal\u2028lory', lastName: `X${'\u0301'.repeat(9)}` }),
    ).toBe('Mal lory X\u0301\u0301\u0301');
    expect(displayName({ username: 'mallory', firstName: '\u034F' })).toBe('mallory');
  });
});
