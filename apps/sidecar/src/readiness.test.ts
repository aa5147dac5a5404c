import { describe, expect, it } from 'vitest';
import { keycloakReadiness } from './readiness.ts';

const ISSUER = 'http://keycloak.test/realms/credman';

function fakeFetch(answer: (url: string) => Promise<Response>) {
  const urls: string[] = [];
  const fetchImpl = ((input: string | URL | Request) => {
    const url = input instanceof Request ? input.url : String(input);
    urls.push(url);
    return answer(url);
  }) as typeof fetch;
  return { fetchImpl, urls };
}

describe('keycloakReadiness', () => {
  it('given the realm discovery document answers 200, then ready', async () => {
    const { fetchImpl, urls } = fakeFetch(() => Promise.resolve(new Response('{}', { status: 200 })));
    expect(await keycloakReadiness({ issuer: ISSUER, timeoutMs: 100, fetch: fetchImpl })()).toEqual({
      ok: true,
      checks: { keycloak: { ok: true } },
    });
    expect(urls).toEqual([`${ISSUER}/.well-known/openid-configuration`]);
  });

  it('given the realm is missing (404), then not ready with the status', async () => {
    const { fetchImpl } = fakeFetch(() => Promise.resolve(new Response('nope', { status: 404 })));
    expect(await keycloakReadiness({ issuer: ISSUER, timeoutMs: 100, fetch: fetchImpl })()).toEqual({
      ok: false,
      checks: { keycloak: { ok: false, detail: 'the realm discovery document answered HTTP 404' } },
    });
  });

  it('given a network failure, then not ready', async () => {
    const { fetchImpl } = fakeFetch(() => Promise.reject(new TypeError('fetch failed')));
    const report = await keycloakReadiness({ issuer: ISSUER, timeoutMs: 100, fetch: fetchImpl })();
    expect(report).toEqual({
      ok: false,
      checks: { keycloak: { ok: false, detail: 'Keycloak is not reachable' } },
    });
  });

  it('given no answer within the timeout, then not ready with a timeout reason', async () => {
    const hanging = ((_input: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => {
          reject(init.signal?.reason as Error);
        });
      })) as typeof fetch;
    const report = await keycloakReadiness({ issuer: ISSUER, timeoutMs: 20, fetch: hanging })();
    expect(report).toEqual({
      ok: false,
      checks: { keycloak: { ok: false, detail: 'Keycloak did not answer in time' } },
    });
  });
});
