// What the process receives over HTTP while some code runs: the admin client and the adapter both use fetch, so
// a spy on it sees every response Keycloak sends. The secret-free read tests search these bodies for values.
import { vi } from 'vitest';

export interface ReceivedResponse {
  method: string;
  url: string;
  body: string;
  /** What `tag` said when the request was made (e.g. inside a write that is out of scope). */
  tagged: boolean;
}

/** Every response received while `run` runs; restore the spy with vi.restoreAllMocks(). */
export async function responsesDuring(
  run: () => Promise<unknown>,
  tag: () => boolean = () => false,
): Promise<ReceivedResponse[]> {
  const received: Promise<ReceivedResponse>[] = [];
  const original = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (...args: Parameters<typeof fetch>) => {
    const tagged = tag();
    const response = await original(...args);
    const [input, init] = args;
    const request = input instanceof Request ? input : undefined;
    const method = init?.method ?? request?.method ?? 'GET';
    const url = request?.url ?? (input instanceof URL ? input.href : (input as string));
    received.push(
      response
        .clone()
        .text()
        .then((body) => ({ method, url, body, tagged })),
    );
    return response;
  });
  await run();
  return Promise.all(received);
}
