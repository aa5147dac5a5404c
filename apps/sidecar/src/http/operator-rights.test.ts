import express from 'express';
import { describe, expect, it } from 'vitest';
import { cacheOperatorRights, confirmOperatorRole } from './operator-rights.ts';
import type { OperatorRights } from './operator-rights.ts';
import { principalOf, setPrincipal } from './principal.ts';
import type { Principal } from './principal.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function source(answers: Record<string, boolean | Error>) {
  const calls: string[] = [];
  const rights: OperatorRights = {
    isOperator(userId) {
      calls.push(userId);
      const answer = answers[userId] ?? false;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
  return { rights, calls, answers };
}

const principal = (isOperator: boolean): Principal => ({
  userId: 'u1',
  username: 'olivia',
  name: 'Olivia',
  email: undefined,
  isOperator,
  managedClientIds: [],
  acr: 'mfa',
});

/** The middleware in a real Express app: the answer is what the route then sees as `isOperator`. */
async function seenAsOperator(tokenSays: boolean, rights: OperatorRights | undefined): Promise<unknown> {
  const app = express();
  app.use((req, _res, next) => {
    setPrincipal(req, principal(tokenSays));
    next();
  });
  app.use(confirmOperatorRole(rights));
  app.get('/', (req, res) => {
    res.json(principalOf(req).isOperator);
  });
  const server = app.listen(0);
  try {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return await (await fetch(`http://127.0.0.1:${String(port)}/`)).json();
  } finally {
    server.close();
  }
}

describe('operator rights', () => {
  it('given a cached answer, then Keycloak is asked again only after the lifetime; failures are not cached', async () => {
    const { rights, calls, answers } = source({ u1: true });
    const time = clock();
    const cache = cacheOperatorRights(rights, { ttlMs: 30_000, now: time.now });
    expect(await cache.isOperator('u1')).toBe(true);
    answers.u1 = false;
    time.advance(29_999);
    expect(await cache.isOperator('u1')).toBe(true);
    time.advance(1);
    expect(await cache.isOperator('u1')).toBe(false);
    answers.u1 = new Error('Keycloak down');
    time.advance(30_000);
    await expect(cache.isOperator('u1')).rejects.toThrow('Keycloak down');
    answers.u1 = true;
    expect(await cache.isOperator('u1')).toBe(true);
    expect(calls).toHaveLength(4);
  });

  it('given a token that says operator, then Keycloak decides; a token without the role is not looked up', async () => {
    const { rights, calls, answers } = source({ u1: false });
    expect(await seenAsOperator(true, rights)).toBe(false);
    answers.u1 = true;
    expect(await seenAsOperator(true, rights)).toBe(true);
    expect(await seenAsOperator(false, rights)).toBe(false);
    expect(calls).toEqual(['u1', 'u1']);
    expect(await seenAsOperator(true, undefined)).toBe(true);
  });
});
