// Readiness: the sidecar can work only while Keycloak answers. The realm's discovery document is public and
// cheap, so fetching it proves Keycloak is up and the realm exists without using the service account.
import type { ReadinessReport } from './http/routes/health.ts';

export interface KeycloakReadinessOptions {
  /** `{KEYCLOAK_URL}/realms/{REALM}`. */
  issuer: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export function keycloakReadiness(options: KeycloakReadinessOptions): () => Promise<ReadinessReport> {
  const fetchImpl = options.fetch ?? fetch;
  const url = `${options.issuer}/.well-known/openid-configuration`;
  return async () => {
    let detail: string;
    try {
      const response = await fetchImpl(url, { signal: AbortSignal.timeout(options.timeoutMs) });
      await response.body?.cancel();
      if (response.ok) return { ok: true, checks: { keycloak: { ok: true } } };
      detail = `the realm discovery document answered HTTP ${response.status}`;
    } catch (error) {
      detail =
        error instanceof Error && error.name === 'TimeoutError'
          ? 'Keycloak did not answer in time'
          : 'Keycloak is not reachable';
    }
    return { ok: false, checks: { keycloak: { ok: false, detail } } };
  };
}
