// The msw fixtures answer as the sidecar does: each one keeps the API contract the sidecar is checked against.
import {
  ApplicationDetailSchema,
  ApplicationListSchema,
  AuditTrailSchema,
  ManagerListSchema,
  MeSchema,
  ProblemSchema,
} from '@credman/api-contract';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_AUDIT,
  MANAGER,
  ONE_MANAGER,
  OPERATOR,
  applicationList,
  detail,
  problem,
  secret,
  summary,
} from './fixtures.ts';

describe('fixtures', () => {
  it('keep the API contract', () => {
    expect(MeSchema.parse(MANAGER)).toEqual(MANAGER);
    expect(MeSchema.parse(OPERATOR)).toEqual(OPERATOR);
    const list = applicationList([
      summary(),
      summary({ clientId: 'Partner-NL-Other-DM', nearestExpiry: undefined }),
    ]);
    expect(ApplicationListSchema.safeParse(list).error).toBeUndefined();
    const application = detail([
      secret(),
      secret({ status: 'expired', endedAt: summary().nearestExpiry?.expiresAt }),
    ]);
    expect(ApplicationDetailSchema.safeParse(application).error).toBeUndefined();
    expect(AuditTrailSchema.parse(EMPTY_AUDIT)).toEqual(EMPTY_AUDIT);
    expect(ManagerListSchema.parse(ONE_MANAGER)).toEqual(ONE_MANAGER);
  });

  it('answer problems as the contract describes them', async () => {
    const response = problem(409, 'secret-limit', { detail: 'Delete one first.' });
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(ProblemSchema.safeParse(await response.json()).error).toBeUndefined();
  });
});
