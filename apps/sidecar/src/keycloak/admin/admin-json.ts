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
  async get(path: string): Promise<unknown> {
    const token = await this.#accessToken();
    const response = await fetch(
      `${this.#options.baseUrl}/admin/realms/${encodeURIComponent(this.#options.realm)}${path}`,
      {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      },
    );
    if (!response.ok) throw new HttpError(response.status, `GET ${path}`);
    return response.json();
  }

  /** A POST or PUT of a JSON body to such an endpoint, its JSON answer (the body is never in an error). */
  async send(method: 'POST' | 'PUT', path: string, body: unknown): Promise<unknown> {
    const token = await this.#accessToken();
    const response = await fetch(
      `${this.#options.baseUrl}/admin/realms/${encodeURIComponent(this.#options.realm)}${path}`,
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      },
    );
    if (!response.ok) throw new HttpError(response.status, `${method} ${path}`);
    return response.json();
  }
}
