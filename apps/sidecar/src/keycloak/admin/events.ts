// The realm's events: an application's CLIENT_LOGIN events (last use) and the refused logins that presented a
// retired secret (CLIENT_LOGIN_ERROR with the extension's detail).
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type { ClientLoginEvent, KeycloakPort, LoginEventQuery, RetiredSecretEvent } from '../port.ts';
import type { AdminContext } from './context.ts';
import type { AdminAdapterOptions } from './options.ts';
import type { AdminCall } from './resilient-call.ts';
import { toClientLoginEvent, toRetiredSecretEvent } from './representations.ts';
import type { RawEvent } from './representations.ts';

export class EventsResource implements Pick<KeycloakPort, 'clientLoginEvents' | 'retiredSecretEvents'> {
  readonly #options: Pick<AdminAdapterOptions, 'realm' | 'rotatedSecretEventDetail'>;
  readonly #client: KeycloakAdminClient;
  readonly #call: AdminCall;

  constructor(
    context: AdminContext,
    options: Pick<AdminAdapterOptions, 'realm' | 'rotatedSecretEventDetail'>,
  ) {
    this.#options = options;
    this.#client = context.client;
    this.#call = context.call;
  }

  clientLoginEvents(clientId: string, query: LoginEventQuery): Promise<ClientLoginEvent[]> {
    return this.#call(
      'client login events',
      async () => {
        const events = (await this.#client.realms.findEvents({
          realm: this.#options.realm,
          client: clientId,
          type: 'CLIENT_LOGIN',
          max: query.max,
          ...(query.since === undefined ? {} : { dateFrom: String(Math.floor(query.since)) }),
        })) as RawEvent[];
        return events.map((event) => toClientLoginEvent(event, this.#options.rotatedSecretEventDetail));
      },
      true,
    );
  }

  retiredSecretEvents(query: { since: number; max: number }): Promise<RetiredSecretEvent[]> {
    return this.#call(
      'retired secret events',
      async () => {
        const events = (await this.#client.realms.findEvents({
          realm: this.#options.realm,
          type: 'CLIENT_LOGIN_ERROR',
          max: query.max,
          dateFrom: String(Math.floor(query.since)),
        })) as RawEvent[];
        return events.map(toRetiredSecretEvent).filter((event) => event !== undefined);
      },
      true,
    );
  }
}
