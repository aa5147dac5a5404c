import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { testApp } from '../test/fixtures.ts';

function directives(header: string | undefined): Map<string, string> {
  return new Map(
    (header ?? '').split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('security headers', () => {
  it('sends a strict same-origin CSP that allows fetches to Keycloak only', async () => {
    const { app } = testApp({
      config: { keycloak: { publicUrl: 'http://localhost:8180', realm: 'credman' } },
    });
    const response = await request(app).get('/healthz');
    const csp = directives(response.headers['content-security-policy']);
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self' http://localhost:8180");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('given an https portal, then requests are upgraded', async () => {
    const { app } = testApp({ config: { publicUrl: 'https://credman.example.com' } });
    const response = await request(app).get('/healthz');
    expect(directives(response.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(
      true,
    );
  });
});
