// credman's own extension resource, `/admin/realms/{realm}/credman/...` (keycloak-extension/README.md): what the
// extension offers (`info`) and the clients without secret values (`clients`). On stock Keycloak both are 404.
import type { ExtensionInfo, KeycloakClient, KeycloakPort } from '../port.ts';
import { HttpError, KeycloakUnavailableError } from '../errors.ts';
import type { AdminContext } from './context.ts';
import type { AdminCall } from './resilient-call.ts';
import { toClient, toExtensionInfo, withoutSecretValues } from './representations.ts';
import type { RawClient } from './representations.ts';

export class CredmanExtensionResource implements Pick<KeycloakPort, 'extensionInfo'> {
  readonly #call: AdminCall;
  readonly #getJson: (path: string) => Promise<unknown>;

  constructor(context: AdminContext) {
    this.#call = context.call;
    this.#getJson = context.getJson;
  }

  extensionInfo(): Promise<ExtensionInfo> {
    return this.#call(
      'credman extension',
      async () => {
        try {
          return toExtensionInfo(await this.#getJson('/credman/info'));
        } catch (error) {
          if (error instanceof HttpError && error.status === 404) return { present: false };
          throw error;
        }
      },
      true,
    );
  }

  /**
   * `GET …/credman/clients` (keycloak-extension/README.md): clients without secret values; undefined when the
   * extension is gone (404) since it was last seen, so the caller falls back to the stock list.
   */
  async secretFreeClients(
    query: ({ search: string } | { dueBy: string; after?: string }) & { first: number; max: number },
  ): Promise<KeycloakClient[] | undefined> {
    const params = new URLSearchParams(
      Object.entries(query).map(([name, value]) => [name, String(value)] as [string, string]),
    );
    let found: unknown;
    try {
      found = await this.#getJson(`/credman/clients?${params.toString()}`);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return undefined;
      throw error;
    }
    if (!Array.isArray(found)) throw new KeycloakUnavailableError('credman/clients answered no list');
    // The extension sends no secret value; dropping them again keeps that true whatever answered.
    return (found as RawClient[]).map((raw) => withoutSecretValues(toClient(raw)));
  }
}
