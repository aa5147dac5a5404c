// The sidecar's own admin token (docs/architecture.md#the-sidecars-service-account): client_credentials with a
// signed assertion or the client secret, renewed before it runs out. client_credentials has no refresh token, so
// the admin client cannot renew by itself (docs/architecture.md#keycloak-facts).
import { randomUUID } from 'node:crypto';
import { toSeconds } from '@credman/domain';
import { SignJWT, importPKCS8 } from 'jose';
import { HttpError, KeycloakUnavailableError } from '../errors.ts';
import { mapError } from './error-mapping.ts';
import type { AdminAdapterOptions } from './options.ts';

export type ServiceAccountOptions = Pick<
  AdminAdapterOptions,
  'baseUrl' | 'realm' | 'clientId' | 'clientSecret' | 'privateKeyPem' | 'assertionAudience' | 'timeoutMs'
>;

export class ServiceAccountToken {
  readonly #options: ServiceAccountOptions;
  #token: { value: string; renewAt: number } | undefined;
  #pendingToken: Promise<string> | undefined;
  #signingKey: ReturnType<typeof importPKCS8> | undefined;

  constructor(options: ServiceAccountOptions) {
    this.#options = options;
  }

  /** Drops the token: the next call fetches a new one (Keycloak refused it, 401). */
  forget(): void {
    this.#token = undefined;
  }

  async accessToken(): Promise<string> {
    if (this.#token && Date.now() < this.#token.renewAt) return this.#token.value;
    this.#pendingToken ??= this.#fetchToken().finally(() => {
      this.#pendingToken = undefined;
    });
    return this.#pendingToken;
  }

  /** The token request's client authentication: a fresh signed assertion, or the secret as Basic credentials. */
  async #clientAuthentication(): Promise<{ headers: Record<string, string>; form: Record<string, string> }> {
    const { baseUrl, realm, clientId, clientSecret, privateKeyPem } = this.#options;
    if (privateKeyPem === undefined) {
      const basic = Buffer.from(
        `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`,
      ).toString('base64');
      return { headers: { authorization: `Basic ${basic}` }, form: {} };
    }
    this.#signingKey ??= importPKCS8(privateKeyPem, 'RS256');
    const now = toSeconds(Date.now());
    // Short-lived and single-use (jti): Keycloak refuses a replayed assertion.
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(this.#options.assertionAudience ?? `${baseUrl}/realms/${realm}`)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(await this.#signingKey);
    return {
      headers: {},
      form: {
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      },
    };
  }

  async #fetchToken(): Promise<string> {
    const { baseUrl, realm, timeoutMs } = this.#options;
    const auth = await this.#clientAuthentication();
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { ...auth.headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', ...auth.form }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw mapError(error, 'service-account token');
    }
    if (!response.ok)
      throw mapError(new HttpError(response.status, 'token request failed'), 'service-account token');
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string')
      throw new KeycloakUnavailableError('Keycloak token response without access_token');
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 60;
    // Renew when 70 % of the lifetime has passed, well before the admin API would refuse the token.
    this.#token = { value: body.access_token, renewAt: Date.now() + lifetime * 700 };
    return body.access_token;
  }
}
