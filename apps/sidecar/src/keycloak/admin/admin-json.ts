// The admin endpoints the admin client has no method for, called with the service account's token.
import type { AdminAdapterOptions } from './options.ts';
import type { ServiceAccountToken } from './service-account-token.ts';
import { HttpError } from '../errors.ts';

export class AdminJson {
  readonly #options: Pick<AdminAdapterOptions, 'baseUrl' | 'realm' | 'timeoutMs'>;
  readonly #accessToken: () => Promise<string>;

  constructor(
    options: Pick<AdminAdapterOptions, 'baseUrl' | 'realm' | 'timeoutMs'>,
    token: ServiceAccountToken,
  ) {
    this.#options = options;
    this.#accessToken = () => token.accessToken();
  }

  /** GET on an endpoint the admin client has no method for. */
  get(path: string): Promise<unknown> {
    return this.#request('GET', path);
  }

  /** A POST or PUT of a JSON body to such an endpoint, its JSON answer (the body is never in an error). */
  send(method: 'POST' | 'PUT', path: string, body: unknown): Promise<unknown> {
    return this.#request(method, path, JSON.stringify(body));
  }

  async #request(method: 'GET' | 'POST' | 'PUT', path: string, body?: string): Promise<unknown> {
    const token = await this.#accessToken();
    const response = await fetch(
      `${this.#options.baseUrl}/admin/realms/${encodeURIComponent(this.#options.realm)}${path}`,
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      },
    );
    if (!response.ok) throw new HttpError(response.status, `${method} ${path}`);
    return response.json();
  }
}
