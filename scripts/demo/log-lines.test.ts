// The demo's compact log lines: a request line of kilobytes becomes one short line; other lines pass unchanged.
import { describe, expect, it } from 'vitest';
import { compactLogLine } from './log-lines.ts';

describe('compactLogLine', () => {
  it('given a pino-http request line, then it shows level, method, path, status and time only', () => {
    const line = JSON.stringify({
      level: 40,
      time: 1,
      service: 'credman-sidecar',
      req: {
        id: 'r1',
        method: 'GET',
        url: '/favicon.ico',
        headers: { 'user-agent': 'x'.repeat(2000), accept: '*/*' },
        remoteAddress: '::1',
      },
      res: { statusCode: 404, headers: { 'content-security-policy': 'y'.repeat(1000) } },
      responseTime: 3,
      msg: 'request completed',
    });
    expect(line.length).toBeGreaterThan(3000);
    expect(compactLogLine(line)).toBe('WARN GET /favicon.ico -> 404 (3 ms)');
  });

  it('given a plain log line with an error, then level, message and the error message', () => {
    const line = JSON.stringify({
      level: 50,
      msg: 'security notice failed',
      err: { message: 'SMTP down', stack: 's' },
    });
    expect(compactLogLine(line)).toBe('ERROR security notice failed : SMTP down');
  });

  it('given a line that is not pino JSON, then it is passed through as it is', () => {
    expect(compactLogLine('Keycloak double listening on http://localhost:8180')).toBe(
      'Keycloak double listening on http://localhost:8180',
    );
    expect(compactLogLine('{not json')).toBe('{not json');
    expect(compactLogLine('{"a":1}')).toBe('{"a":1}');
  });
});
