import { formatJson, parseJsonObject, type JsonObject } from './json.ts';
import { mergeRealmAdditions } from './merge.ts';
import { findPlaceholders, resolvePlaceholders, type PlaceholderEnv } from './placeholders.ts';
import { readText, realmFilePaths } from './realm-files.ts';

/** credman's own placeholders all carry this prefix; other `${...}` texts are Keycloak's (message keys, `${client_id}`). */
export const CREDMAN_PLACEHOLDER_PREFIX = 'CREDMAN_';

export class UnresolvedPlaceholderError extends Error {
  readonly names: readonly string[];
  constructor(names: readonly string[]) {
    // Names only: the values (a client secret among them) never appear in errors.
    super(`Realm placeholders without a value or default: ${names.join(', ')}`);
    this.name = 'UnresolvedPlaceholderError';
    this.names = names;
  }
}

/**
 * The values the demo gives the template's required placeholders when the caller does not: the console on
 * localhost:8080 (and Vite's dev server on 5173) and the sidecar on its secret (the production default is `client-jwt`). Compose and the real
 * Keycloak's demo set the same in Keycloak's environment (docker-compose.yml, packages/keycloak-real demoRealmEnv).
 */
export const DEMO_REALM_DEFAULTS: Readonly<Record<string, string>> = {
  CREDMAN_CONSOLE_URL: 'http://localhost:8080',
  CREDMAN_CONSOLE_DEV_URL: 'http://localhost:5173',
  CREDMAN_SIDECAR_CLIENT_AUTHENTICATOR: 'client-secret',
};

export interface LoadRealmOptions {
  /** The variables Keycloak would see (its resolver is the process environment). */
  readonly env: PlaceholderEnv;
  /** true: template plus demo data (what `docker compose` imports); false: the production template alone. */
  readonly demo: boolean;
  /** For the demo: fill DEMO_REALM_DEFAULTS where `env` has no value (default true). */
  readonly demoDefaults?: boolean;
  readonly realmDir?: string;
}

/** Template + demo additions with placeholders left in place: the content of the generated demo import file. */
export function buildDemoRealmDocument(realmDir?: string): JsonObject {
  const paths = realmFilePaths(realmDir);
  const template = parseJsonObject(readText(paths.template), paths.template);
  const additions = parseJsonObject(readText(paths.demoData), paths.demoData);
  return mergeRealmAdditions(template, additions);
}

/**
 * The realm representation Keycloak would import: placeholders are resolved on the raw text first, as
 * Keycloak does. A credman placeholder left without a value is refused, because Keycloak would import its
 * literal text (e.g. as the sidecar's client secret).
 */
export function loadRealm(options: LoadRealmOptions): JsonObject {
  const paths = realmFilePaths(options.realmDir);
  const source = options.demo ? 'demo realm (template + demo data)' : paths.template;
  const text = options.demo ? formatJson(buildDemoRealmDocument(options.realmDir)) : readText(paths.template);
  const env =
    options.demo && options.demoDefaults !== false
      ? {
          ...DEMO_REALM_DEFAULTS,
          ...Object.fromEntries(Object.entries(options.env).filter(([, value]) => value !== undefined)),
        }
      : options.env;
  const resolved = resolvePlaceholders(text, env);
  const unresolved = unresolvedCredmanPlaceholders(resolved);
  if (unresolved.length > 0) throw new UnresolvedPlaceholderError(unresolved);
  return parseJsonObject(resolved, source);
}

function unresolvedCredmanPlaceholders(resolvedText: string): string[] {
  const names = findPlaceholders(resolvedText).flatMap((placeholder) => placeholder.names);
  return [...new Set(names.filter((name) => name.startsWith(CREDMAN_PLACEHOLDER_PREFIX)))].sort();
}
