// Readiness: the sidecar can work only while Keycloak answers and the secret-rotation client policy is in
// place (without it, Keycloak wipes the expiry attributes credman writes —
// docs/architecture.md#the-rotation-policy). The realm's discovery document is public and cheap, so fetching it
// proves Keycloak is up and the realm exists; the policy is read through the service account (view-realm) and,
// once found, re-checked only every `policyCacheMs`.
import type { CheckResult, ReadinessReport } from './http/routes/health.ts';
import { missingFeatures } from './keycloak/extension-status.ts';
import type { ExtensionInfo } from './keycloak/port.ts';

export interface KeycloakReadinessOptions {
  /** `{KEYCLOAK_URL}/realms/{REALM}`. */
  issuer: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Names of the enabled client policies that bind a secret-rotation profile (KeycloakPort.rotationPolicies). */
  rotationPolicies?: () => Promise<string[]>;
  /** How long a found policy counts as present; a missing one is looked for again at every check. */
  policyCacheMs?: number;
  now?: () => number;
  /**
   * credman's Keycloak extension, as last seen (keycloak/extension-status.ts): reported in the body, never a
   * reason to be unready. Undefined answer: not known yet.
   */
  extension?: () => Promise<ExtensionInfo | undefined>;
}

export function keycloakReadiness(options: KeycloakReadinessOptions): () => Promise<ReadinessReport> {
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const url = `${options.issuer}/.well-known/openid-configuration`;
  let policyFoundAt: number | undefined;

  const keycloakCheck = async (): Promise<CheckResult> => {
    try {
      const response = await fetchImpl(url, { signal: AbortSignal.timeout(options.timeoutMs) });
      await response.body?.cancel();
      if (response.ok) return { ok: true };
      return { ok: false, detail: `the realm discovery document answered HTTP ${response.status}` };
    } catch (error) {
      return {
        ok: false,
        detail:
          error instanceof Error && error.name === 'TimeoutError'
            ? 'Keycloak did not answer in time'
            : 'Keycloak is not reachable',
      };
    }
  };

  const policyCheck = async (read: () => Promise<string[]>): Promise<CheckResult> => {
    if (policyFoundAt !== undefined && now() - policyFoundAt < (options.policyCacheMs ?? 60_000))
      return { ok: true };
    try {
      if ((await read()).length > 0) {
        policyFoundAt = now();
        return { ok: true };
      }
      policyFoundAt = undefined;
      return { ok: false, detail: 'no enabled client policy binds a secret-rotation profile' };
    } catch {
      policyFoundAt = undefined;
      return {
        ok: false,
        detail: 'the client policies could not be read (does the service account hold view-realm?)',
      };
    }
  };

  return async () => {
    const keycloak = await keycloakCheck();
    const checks: Record<string, CheckResult> = { keycloak };
    if (keycloak.ok && options.rotationPolicies)
      checks.rotationPolicy = await policyCheck(options.rotationPolicies);
    const ok = Object.values(checks).every((check) => check.ok);
    if (!options.extension) return { ok, checks };
    const info = keycloak.ok ? await options.extension() : undefined;
    return {
      ok,
      checks,
      extension: {
        present: info?.present === true,
        ...(info?.present === true ? { version: info.version } : {}),
        missing: missingFeatures(info),
      },
    };
  };
}

/** How long one readiness report answers every probe: anonymous `/readyz` floods cost one Keycloak fetch per this. */
export const READINESS_CACHE_MS = 2_000;

/**
 * The check run at most once per `ttlMs` (epoch ms from `now`), concurrent callers sharing the one in flight, so
 * `/readyz` (public, unauthenticated) cannot be used to make Keycloak do work at the caller's pace.
 */
export function sharedReadiness(
  check: () => Promise<ReadinessReport>,
  options: { ttlMs?: number; now?: () => number } = {},
): () => Promise<ReadinessReport> {
  const ttlMs = options.ttlMs ?? READINESS_CACHE_MS;
  const now = options.now ?? Date.now;
  let last: { at: number; report: Promise<ReadinessReport> } | undefined;
  return () => {
    if (last !== undefined && now() - last.at < ttlMs) return last.report;
    const report = check();
    const entry = { at: now(), report };
    last = entry;
    // A failed check is not kept: the next probe asks again.
    report.catch(() => {
      if (last === entry) last = undefined;
    });
    return report;
  };
}
