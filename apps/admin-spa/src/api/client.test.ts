import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { problem } from '../testing/fixtures.ts';
import { server, useMswServer } from '../testing/msw-server.ts';
import { fakeSession, TEST_TOKEN } from '../testing/render-app.tsx';
import { ApiProblem, apiFetch, bindApiAuth } from './client.ts';
import { problemMessage } from './problem-message.ts';

useMswServer();

let session: ReturnType<typeof fakeSession> & { sessionEnded: () => void };
beforeEach(() => {
  session = { ...fakeSession(), sessionEnded: vi.fn<() => void>() };
  bindApiAuth(session);
});
afterEach(() => {
  bindApiAuth(undefined);
});

async function caught(promise: Promise<unknown>): Promise<ApiProblem> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiProblem) return error;
    throw error;
  }
  throw new Error('expected an ApiProblem');
}

describe('apiFetch', () => {
  it('given a JSON body, when posting, then it sends the bearer token and JSON and returns the answer', async () => {
    server.use(
      http.post('*/api/things', async ({ request }) =>
        HttpResponse.json({
          auth: request.headers.get('Authorization'),
          type: request.headers.get('Content-Type'),
          body: await request.json(),
        }),
      ),
    );
    const answer = await apiFetch<unknown>('/api/things', { method: 'POST', body: { a: 1 } });
    expect(answer).toEqual({ auth: `Bearer ${TEST_TOKEN}`, type: 'application/json', body: { a: 1 } });
    expect(session.token).toHaveBeenCalledOnce();
  });

  it('given 204, then it resolves without a body', async () => {
    server.use(http.delete('*/api/things/1', () => new HttpResponse(null, { status: 204 })));
    await expect(apiFetch('/api/things/1', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('given a validation problem, then the code, detail and field errors are parsed', async () => {
    const errors = [{ field: 'name', reason: 'too-long', message: 'At most 64 characters.' }];
    server.use(
      http.get('*/api/things', () => problem(400, 'validation-failed', { detail: 'Invalid', errors })),
    );
    const error = await caught(apiFetch('/api/things'));
    expect(error).toMatchObject({
      status: 400,
      code: 'validation-failed',
      detail: 'Invalid',
      fields: errors,
    });
    expect(session.sessionEnded).not.toHaveBeenCalled();
  });

  it('given 401, then the session is reported as ended, and no login starts by itself', async () => {
    server.use(http.get('*/api/things', () => problem(401, 'unauthenticated')));
    const error = await caught(apiFetch('/api/things'));
    expect(error.status).toBe(401);
    expect(session.sessionEnded).toHaveBeenCalledOnce();
    expect(session.login).not.toHaveBeenCalled();
  });

  it('given the token cannot be refreshed, then the session is reported as ended and nothing is sent', async () => {
    session.token.mockRejectedValueOnce(new Error('The session has ended.'));
    const error = await caught(apiFetch('/api/things'));
    expect(error.status).toBe(401);
    expect(session.sessionEnded).toHaveBeenCalledOnce();
    expect(session.login).not.toHaveBeenCalled();
  });

  it('given 503 with Retry-After, then the hint says how long to wait', async () => {
    server.use(
      http.get('*/api/things', () => problem(503, 'keycloak-unavailable', {}, { 'Retry-After': '9' })),
    );
    const error = await caught(apiFetch('/api/things'));
    expect(error.retryAfterSeconds).toBe(9);
    expect(problemMessage(error).body).toBe('Try again in 9 s.');
    // Title and body are shown together: the body must not repeat the title.
    expect(problemMessage(error)).toEqual({ title: 'Keycloak is unavailable', body: 'Try again in 9 s.' });
  });

  it('given a non-problem error body, then the status still becomes an ApiProblem', async () => {
    server.use(http.get('*/api/things', () => new HttpResponse('<html>bad gateway</html>', { status: 502 })));
    const error = await caught(apiFetch('/api/things'));
    expect(error).toMatchObject({ status: 502, code: 'unknown' });
  });

  it('given no bound session, then it refuses to call', async () => {
    bindApiAuth(undefined);
    await expect(apiFetch('/api/things')).rejects.toThrow('before a login session was bound');
  });
});

describe('problemMessage', () => {
  it('given 404, then it says not found or not yours', () => {
    expect(problemMessage(new ApiProblem({ status: 404, code: 'not-found', title: 'Not found' })).title).toBe(
      'Application not found or not yours',
    );
  });

  it('given a network failure, then it asks to check the connection', () => {
    expect(problemMessage(new TypeError('Failed to fetch')).title).toBe('The server could not be reached');
  });
});
