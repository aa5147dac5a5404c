// The sidecar API in component tests: msw intercepts fetch; each test declares the answers it needs, and any
// request without a handler fails the test. Every request is recorded to count round trips.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const server = setupServer();

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
}

export const requests: RecordedRequest[] = [];

server.events.on('request:start', ({ request }) => {
  const url = new URL(request.url);
  requests.push({
    method: request.method,
    path: url.pathname + url.search,
    authorization: request.headers.get('Authorization'),
  });
});

/** Call once at the top of a test file. */
export function useMswServer(): void {
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
  });
  afterAll(() => {
    server.close();
  });
}
