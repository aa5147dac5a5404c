import { BUILTIN_CLIENT_SCOPES, SCOPES_KEYCLOAK_CREATES_ON_IMPORT } from './builtin-scopes.ts';
import { isJsonObject, type JsonObject, type JsonValue } from './json.ts';

/**
 * Import traps the credman schema does not cover: Keycloak accepts these files but silently ends up with a
 * different realm (missing built-in scopes, dangling scope references that only log a warning, duplicates).
 * Returns one message per problem; an empty list means the file is consistent.
 */
export function findRealmIntegrityProblems(realm: JsonObject): string[] {
  const scopeNames = namesOf(realm['clientScopes'], 'name');
  const clientIds = namesOf(realm['clients'], 'clientId');
  const usernames = namesOf(realm['users'], 'username');
  const problems = [
    ...duplicates(scopeNames).map((name) => `client scope "${name}" is defined more than once`),
    ...duplicates(clientIds).map((id) => `client "${id}" is defined more than once`),
    ...duplicates(usernames).map((name) => `user "${name}" is defined more than once`),
  ];
  if (scopeNames.length === 0) return problems; // no clientScopes array: Keycloak creates the built-ins itself

  const defined = new Set(scopeNames);
  for (const builtin of BUILTIN_CLIENT_SCOPES) {
    if (!defined.has(builtin.name)) problems.push(`built-in client scope "${builtin.name}" is missing`);
  }
  for (const reserved of SCOPES_KEYCLOAK_CREATES_ON_IMPORT) {
    if (defined.has(reserved))
      problems.push(`client scope "${reserved}" is created by Keycloak; do not define it`);
  }
  // The realm-level lists are matched against the file's own scopes only (RepresentationToModel.importRealm).
  for (const key of ['defaultDefaultClientScopes', 'defaultOptionalClientScopes']) {
    for (const name of strings(realm[key])) {
      if (!defined.has(name)) problems.push(`${key} references unknown client scope "${name}"`);
    }
  }
  const referenceable = new Set([...defined, ...SCOPES_KEYCLOAK_CREATES_ON_IMPORT]);
  for (const client of objects(realm['clients'])) {
    const clientId = typeof client['clientId'] === 'string' ? client['clientId'] : '(no clientId)';
    for (const key of ['defaultClientScopes', 'optionalClientScopes']) {
      for (const name of strings(client[key])) {
        if (!referenceable.has(name))
          problems.push(`client "${clientId}" ${key} references unknown client scope "${name}"`);
      }
    }
  }
  return problems;
}

function objects(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function namesOf(value: JsonValue | undefined, key: string): string[] {
  return objects(value).flatMap((item) => {
    const name = item[key];
    return typeof name === 'string' ? [name] : [];
  });
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}
