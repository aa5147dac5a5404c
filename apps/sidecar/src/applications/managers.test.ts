// The manager rules (mergeManagers), once for every holder source: the per-application reads and the batch
// claim's holders (store/batch-claim.ts). Pure.
import { describe, expect, it } from 'vitest';
import type { KeycloakUser } from '../keycloak/port.ts';
import { mergeManagers } from './managers.ts';
import { recipientsOf } from '../mail/recipients.ts';

const user = (id: string, email?: string, emailVerified = true): KeycloakUser => ({
  id,
  username: id,
  email,
  emailVerified,
  enabled: true,
});

describe('mergeManagers', () => {
  it('given a user direct and in groups, then the direct mapping wins, then the first group by path; by username', () => {
    const managers = mergeManagers({
      direct: [user('zoe', 'zoe@example.org')],
      groups: [
        { id: 'g2', path: '/partners/b', members: [user('zoe'), user('ann', 'ann@example.org')] },
        { id: 'g1', path: '/partners/a', members: [user('ann', 'ann@example.org'), user('max', '', false)] },
      ],
    });
    expect(managers.map((m) => [m.username, m.via])).toEqual([
      ['ann', 'group:/partners/a'],
      ['max', 'group:/partners/a'],
      ['zoe', 'direct'],
    ]);
    expect(recipientsOf(managers, 'ops@example.org')).toEqual({
      to: ['ann@example.org', 'zoe@example.org'],
      operatorFallback: false,
    });
  });

  it('given no manager with a verified email, then the operator address stands in, or nobody', () => {
    const managers = mergeManagers({ direct: [user('max', 'max@example.org', false)], groups: [] });
    expect(recipientsOf(managers, 'ops@example.org')).toEqual({
      to: ['ops@example.org'],
      operatorFallback: true,
    });
    expect(recipientsOf(managers, undefined)).toEqual({ to: [], operatorFallback: true });
  });
});
