import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFaultProxy } from './fault-proxy.ts';
import type { FaultProxy } from './fault-proxy.ts';

let received: { method: string; url: string; body: string }[] = [];
const upstream = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    received.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString() });
    res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' }).end('{"ok":true}');
  });
});
let proxy: FaultProxy;

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  proxy = await startFaultProxy(`http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}`);
});
afterAll(async () => {
  await proxy.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});
beforeEach(() => {
  proxy.reset();
  received = [];
});

const isPut = (r: { method: string }) => r.method === 'PUT';

describe('fault proxy', () => {
  it('forwards method, path, query, body and the answer when no rule matches', async () => {
    const response = await fetch(`${proxy.url}/a/b?c=d`, { method: 'PUT', body: 'payload' });
    expect([response.status, response.headers.get('x-upstream'), await response.text()]).toEqual([
      201,
      'yes',
      '{"ok":true}',
    ]);
    expect(received).toEqual([{ method: 'PUT', url: '/a/b?c=d', body: 'payload' }]);
    expect(proxy.requests()).toEqual([{ method: 'PUT', path: '/a/b', url: '/a/b?c=d', fault: undefined }]);
  });

  it('refuses by destroying the connection; nothing reaches upstream', async () => {
    proxy.inject({ match: isPut, fault: { kind: 'refuse' } });
    await expect(fetch(`${proxy.url}/x`, { method: 'PUT', body: '1' })).rejects.toThrow(TypeError);
    expect((await fetch(`${proxy.url}/x`)).status).toBe(201); // the rule selects PUT only
    expect(received.map((r) => r.method)).toEqual(['GET']);
  });

  it('answers 500 without forwarding, or after forwarding', async () => {
    proxy.inject({ match: isPut, fault: { kind: 'fail' }, times: 1 });
    proxy.inject({ match: isPut, fault: { kind: 'fail-after-forward' } });
    expect((await fetch(`${proxy.url}/x`, { method: 'PUT', body: '1' })).status).toBe(500);
    expect(received).toHaveLength(0);
    expect((await fetch(`${proxy.url}/x`, { method: 'PUT', body: '2' })).status).toBe(500);
    expect(received.map((r) => r.body)).toEqual(['2']);
    expect(proxy.requests(isPut).map((r) => r.fault)).toEqual(['fail', 'fail-after-forward']);
  });

  it('delays past the caller’s timeout and still forwards afterwards', async () => {
    proxy.inject({ match: isPut, fault: { kind: 'delay', ms: 200 } });
    await expect(
      fetch(`${proxy.url}/x`, { method: 'PUT', body: 'late', signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
    expect(received).toHaveLength(0);
    await proxy.idle();
    expect(received.map((r) => r.body)).toEqual(['late']);
  });

  it('holds a request until released', async () => {
    let release: () => void = () => undefined;
    proxy.inject({ match: isPut, fault: { kind: 'hold', until: new Promise((r) => (release = r)) } });
    const pending = fetch(`${proxy.url}/x`, { method: 'PUT', body: 'held' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(received).toHaveLength(0);
    release();
    expect((await pending).status).toBe(201);
    expect(received).toHaveLength(1);
  });
});
