import { describe, expect, it } from 'vitest';
import { ContractCheck, contractMismatch } from './contract-check.ts';

const BASE = 'http://sidecar.test/api';

const json = (body: unknown, status = 200, type = 'application/json; charset=utf-8') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
const problem = (code: string, status: number) =>
  json({ type: `urn:credman:problem:${code}`, title: 't', status }, status, 'application/problem+json');

const ME = {
  id: 'u-1',
  username: 'alice',
  name: 'Alice',
  email: null,
  isOperator: false,
  acr: 'mfa',
  managedClientIds: [],
  expiryPolicy: { zone: 'UTC' },
};

describe('contractMismatch', () => {
  it('accepts a body of the documented schema, and an undocumented path only with a problem', async () => {
    expect(await contractMismatch('GET', `${BASE}/me`, json(ME))).toBeUndefined();
    expect(await contractMismatch('GET', `${BASE}/nothing`, problem('not-found', 404))).toBeUndefined();
    expect(await contractMismatch('GET', `${BASE}/nothing`, json({}))).toMatch(/no operation/);
  });

  it('refuses a member the contract does not name, and a missing one', async () => {
    expect(await contractMismatch('GET', `${BASE}/me`, json({ ...ME, value: 'leak' }))).toMatch(/value/);
    expect(await contractMismatch('GET', `${BASE}/me`, json({ ...ME, acr: undefined }))).toMatch(/acr/);
  });

  it('refuses an undocumented status, content type or problem code', async () => {
    expect(await contractMismatch('GET', `${BASE}/me`, json(ME, 202))).toMatch(/not a documented success/);
    expect(await contractMismatch('GET', `${BASE}/me`, json(ME, 200, 'text/plain'))).toMatch(/content type/);
    expect(await contractMismatch('GET', `${BASE}/me`, problem('not-found', 404))).toMatch(
      /not a documented/,
    );
    expect(await contractMismatch('GET', `${BASE}/me`, problem('operator-required', 403))).toBeUndefined();
    expect(
      await contractMismatch('POST', `${BASE}/applications/x/secrets`, problem('operator-required', 403)),
    ).toMatch(/operator-required is not documented/);
    expect(await contractMismatch('GET', `${BASE}/me`, json({ type: 'x' }, 401))).toMatch(/content type/);
  });

  it('refuses a body on a response documented without one', async () => {
    const url = `${BASE}/applications/x/secrets/y`;
    expect(await contractMismatch('DELETE', url, new Response(null, { status: 204 }))).toBeUndefined();
    expect(await contractMismatch('DELETE', url, json({}, 200))).toMatch(/not a documented success/);
  });
});

describe('ContractCheck', () => {
  it('counts kept responses, rejects a mismatch and leaves the body readable', async () => {
    const check = new ContractCheck();
    const response = json(ME);
    await check.check('GET', `${BASE}/me`, response);
    expect(await response.json()).toEqual(ME);
    await expect(check.check('GET', `${BASE}/me`, json({}))).rejects.toThrow(/breaks the API contract/);
    expect(check.validated).toBe(1);
  });
});
