// The admin endpoints the admin client has no method for, read with the service account's token.
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
}
