// The realm's client policies: which enabled ones bind a secret-rotation profile (`/readyz`,
// docs/architecture.md#the-rotation-policy).
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type { KeycloakPort } from '../port.ts';
import type { AdminContext } from './context.ts';
import type { AdminCall } from './resilient-call.ts';

export class ClientPoliciesResource implements Pick<KeycloakPort, 'rotationPolicies'> {
  readonly #client: KeycloakAdminClient;
  readonly #call: AdminCall;

  constructor(context: AdminContext) {
    this.#client = context.client;
    this.#call = context.call;
  }

  rotationPolicies(): Promise<string[]> {
    return this.#call(
      'client policies',
      async () => {
        const [policies, profiles] = await Promise.all([
          this.#client.clientPolicies.listPolicies({ includeGlobalPolicies: false }),
          this.#client.clientPolicies.listProfiles({ includeGlobalProfiles: false }),
        ]);
        const rotating = new Set(
          (profiles.profiles ?? [])
            .filter((p) => (p.executors ?? []).some((e) => e.executor === 'secret-rotation'))
            .map((p) => p.name),
        );
        return (policies.policies ?? [])
          .filter((p) => p.enabled === true && (p.profiles ?? []).some((name) => rotating.has(name)))
          .map((p) => p.name ?? '');
      },
      true,
    );
  }
}
