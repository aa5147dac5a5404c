import { isJsonObject, type JsonObject, type JsonValue } from './json.ts';

/**
 * The only template values the demo data may replace, each for a reason the realm README gives:
 * `sslRequired` — the demo serves Keycloak over plain HTTP on localhost, which `external` allows and the
 * production template's `all` refuses.
 */
export const DEMO_OVERRIDABLE_KEYS: readonly string[] = ['sslRequired'];

/**
 * Adds demo data to the realm template: objects are merged key by key, arrays are appended (clients, users),
 * and a key present on both sides with a non-object, non-array value is a conflict, because the demo data may
 * only ADD to the template, never change it (that would make the demo differ from production silently) — except
 * the DEMO_OVERRIDABLE_KEYS.
 */
export function mergeRealmAdditions(template: JsonObject, additions: JsonObject): JsonObject {
  return mergeObjects(template, additions, '');
}

function mergeObjects(base: JsonObject, extra: JsonObject, path: string): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const at = path === '' ? key : `${path}.${key}`;
    const existing = Object.hasOwn(base, key) ? base[key] : undefined;
    merged[key] = existing === undefined ? value : mergeValues(existing, value, at);
  }
  return merged;
}

function mergeValues(existing: JsonValue, extra: JsonValue, path: string): JsonValue {
  if (Array.isArray(existing) && Array.isArray(extra)) return [...existing, ...extra];
  if (isJsonObject(existing) && isJsonObject(extra)) return mergeObjects(existing, extra, path);
  if (DEMO_OVERRIDABLE_KEYS.includes(path)) return extra;
  throw new Error(
    `Demo data may only add to the realm template, but it sets "${path}" which the template defines`,
  );
}
