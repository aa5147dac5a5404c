import { describe, expect, it } from 'vitest';
import { startKeycloakHarness } from './testing/keycloak-harness.ts';
import { READINESS_CACHE_MS, keycloakReadiness, sharedReadiness } from './readiness.ts';

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

describe('keycloakReadiness with the rotation-policy check', () => {
  const up = () => fakeFetch(() => Promise.resolve(new Response('{}', { status: 200 }))).fetchImpl;

  it('given an enabled secret-rotation policy, then ready, and the policy is read again only after the cache time', async () => {
    let reads = 0;
    let time = 0;
    const check = keycloakReadiness({
      issuer: ISSUER,
      timeoutMs: 100,
      fetch: up(),
      rotationPolicies: () => {
        reads++;
        return Promise.resolve(['credman-secret-rotation']);
      },
      policyCacheMs: 60_000,
      now: () => time,
    });
    expect(await check()).toEqual({
      ok: true,
      checks: { keycloak: { ok: true }, rotationPolicy: { ok: true } },
    });
    time = 59_999;
    await check();
    expect(reads).toBe(1);
    time = 60_000;
    await check();
    expect(reads).toBe(2);
  });

  it('given no such policy, then not ready with the reason, and it is looked for at every check', async () => {
    let reads = 0;
    const check = keycloakReadiness({
      issuer: ISSUER,
      timeoutMs: 100,
      fetch: up(),
      rotationPolicies: () => {
        reads++;
        return Promise.resolve([]);
      },
    });
    expect(await check()).toEqual({
      ok: false,
      checks: {
        keycloak: { ok: true },
        rotationPolicy: { ok: false, detail: 'no enabled client policy binds a secret-rotation profile' },
      },
    });
    await check();
    expect(reads).toBe(2);
  });

  it('given the policies cannot be read (no view-realm), then not ready and the detail names the role', async () => {
    const check = keycloakReadiness({
      issuer: ISSUER,
      timeoutMs: 100,
      fetch: up(),
      rotationPolicies: () => Promise.reject(new Error('Keycloak answered 403')),
    });
    const report = await check();
    expect(report.ok).toBe(false);
    expect(report.checks.rotationPolicy?.detail).toContain('view-realm');
  });

  it('given Keycloak down, then the policy is not asked for', async () => {
    let reads = 0;
    const check = keycloakReadiness({
      issuer: ISSUER,
      timeoutMs: 100,
      fetch: fakeFetch(() => Promise.reject(new TypeError('fetch failed'))).fetchImpl,
      rotationPolicies: () => {
        reads++;
        return Promise.resolve(['p']);
      },
    });
    expect((await check()).checks).toEqual({ keycloak: { ok: false, detail: 'Keycloak is not reachable' } });
    expect(reads).toBe(0);
  });
});

describe('keycloakReadiness against the Keycloak double over HTTP with the shipped realm', () => {
  it("given the demo realm and the sidecar's service account, then both checks pass", async () => {
    const harness = await startKeycloakHarness(Date.UTC(2027, 0, 1));
    try {
      const adapter = harness.adapter();
      const check = keycloakReadiness({
        issuer: `${harness.url}/realms/credman`,
        timeoutMs: 2000,
        rotationPolicies: () => adapter.rotationPolicies(),
      });
      expect(await check()).toEqual({
        ok: true,
        checks: { keycloak: { ok: true }, rotationPolicy: { ok: true } },
      });
    } finally {
      await harness.close();
    }
  });
});

describe('sharedReadiness', () => {
  it('given 500 concurrent probes and more within the cache time, then Keycloak is asked once; after it, once more', async () => {
    const { fetchImpl, urls } = fakeFetch(() => Promise.resolve(new Response('{}', { status: 200 })));
    let time = 1_000_000;
    const probe = sharedReadiness(keycloakReadiness({ issuer: ISSUER, timeoutMs: 100, fetch: fetchImpl }), {
      now: () => time,
    });
    const reports = await Promise.all(Array.from({ length: 500 }, () => probe()));
    expect(reports.every((report) => report.ok)).toBe(true);
    time += READINESS_CACHE_MS - 1;
    await probe();
    expect(urls).toHaveLength(1);
    time += 1;
    await probe();
    expect(urls).toHaveLength(2);
  });

  it('given a check that throws, then the next probe asks again', async () => {
    let calls = 0;
    const probe = sharedReadiness(
      () => {
        calls++;
        return calls === 1 ? Promise.reject(new Error('boom')) : Promise.resolve({ ok: true, checks: {} });
      },
      { now: () => 0 },
    );
    await expect(probe()).rejects.toThrow('boom');
    expect(await probe()).toEqual({ ok: true, checks: {} });
    expect(calls).toBe(2);
  });
});

describe("keycloakReadiness with credman's Keycloak extension", () => {
  const up = () => fakeFetch(() => Promise.resolve(new Response('{}', { status: 200 }))).fetchImpl;

  it('given no extension (stock Keycloak), then still ready and the body says what is missing', async () => {
    const report = await keycloakReadiness({
      issuer: ISSUER,
      timeoutMs: 100,
      fetch: up(),
      extension: () => Promise.resolve({ present: false }),
    })();
    expect(report).toEqual({
      ok: true,
      checks: { keycloak: { ok: true } },
      extension: {
        present: false,
        missing: ['which secret a login used', 'retired secrets presented again'],
      },
    });
  });

  it('given the extension with both features, then present with its version and nothing missing', async () => {
    const report = await keycloakReadiness({
      issuer: ISSUER,
      timeoutMs: 100,
      fetch: up(),
      extension: () =>
        Promise.resolve({
          present: true,
          version: '1.0.0',
          features: ['secret-slot-detail', 'retired-secret-detail'],
        }),
    })();
    expect(report.extension).toEqual({ present: true, version: '1.0.0', missing: [] });
  });

  it('given an extension without the retired-secret feature, then only that is missing', async () => {
    const report = await keycloakReadiness({
      issuer: ISSUER,
      timeoutMs: 100,
      fetch: up(),
      extension: () => Promise.resolve({ present: true, version: '0.9', features: ['secret-slot-detail'] }),
    })();
    expect(report.extension).toEqual({
      present: true,
      version: '0.9',
      missing: ['retired secrets presented again'],
    });
  });
});
