// How the sidecar and the reminders CLI reach Keycloak, from the configuration: one place, so both
// authenticate the same way (docs/architecture.md#the-sidecars-service-account).
import type { Config } from '../config.ts';
import type { AdminAdapterOptions } from './admin/options.ts';

export type ConnectionOptions = Pick<
  AdminAdapterOptions,
  'baseUrl' | 'realm' | 'clientId' | 'clientSecret' | 'privateKeyPem' | 'assertionAudience' | 'timeoutMs'
>;

/** The adapter's connection: client-secret authentication, or a signed JWT when a private key is configured. */
export function connectionOptions(config: Config): ConnectionOptions {
  return {
    baseUrl: config.keycloak.url,
    realm: config.keycloak.realm,
    clientId: config.keycloak.clientId,
    clientSecret: config.keycloak.clientSecret.reveal(),
    ...(config.keycloak.privateKey
      ? { privateKeyPem: config.keycloak.privateKey.reveal(), assertionAudience: config.keycloak.issuer }
      : {}),
    timeoutMs: config.keycloak.timeoutMs,
  };
}
