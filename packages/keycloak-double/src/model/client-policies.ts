// Client policies as far as credman relies on them: which policies match a client (conditions vote, as in
// DefaultClientPolicyManager) and what the `secret-rotation` executor (ClientSecretRotationExecutor) does on each
// event.
import type { RealmState } from './realm.ts';
import type { ClientModel, ClientPolicyCondition } from './types.ts';
import {
  ROTATED_SECRET,
  ROTATED_SECRET_CREATION_TIME,
  ROTATED_SECRET_EXPIRATION_TIME,
  SECRET_CREATION_TIME,
  SECRET_EXPIRATION_TIME,
  isClientSecretExpired,
  secretExpirationTime,
  setClientAttribute,
} from './client-secret.ts';
import { generateClientSecret } from './generate-secret.ts';

/** The client-policy events the double raises. `regenerated` is the admin "regenerate secret" call. */
export type ClientPolicyEvent = 'registered' | 'updated' | 'regenerated' | 'token-request';

type Vote = 'yes' | 'no' | 'abstain';

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return [value];
  return [];
}

/** `client-attributes` config: a JSON string (or array) of `{key, value}` pairs. */
function attributePairs(value: unknown): { key: string; value: string }[] {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { key, value: pairValue } = entry as Record<string, unknown>;
    return typeof key === 'string' && typeof pairValue === 'string' ? [{ key, value: pairValue }] : [];
  });
}

function conditionVote(realm: RealmState, client: ClientModel, condition: ClientPolicyCondition): Vote {
  const config = condition.configuration;
  let matches: boolean;
  switch (condition.condition) {
    case 'any-client':
      matches = true;
      break;
    case 'client-access-type': {
      const type = client.bearerOnly ? 'bearer-only' : client.publicClient ? 'public' : 'confidential';
      matches = stringList(config.type).includes(type);
      break;
    }
    case 'client-roles': {
      // Matches clients that DEFINE a role with one of the names (not roles held by the service account).
      const names = stringList(config.roles);
      matches = realm.clientRoles(client.id).some((role) => names.includes(role.name));
      break;
    }
    case 'client-attributes': {
      const pairs = attributePairs(config.attributes);
      matches = pairs.length > 0 && pairs.every((pair) => client.attributes.get(pair.key) === pair.value);
      break;
    }
    default:
      // Conditions credman does not use: the double abstains rather than guessing (documented in README).
      return 'abstain';
  }
  const negative = config['is-negative-logic'] === true || config['is-negative-logic'] === 'true';
  return matches !== negative ? 'yes' : 'no';
}

/** A policy applies when it is enabled, at least one condition votes yes and none votes no. */
function policyApplies(realm: RealmState, client: ClientModel, conditions: ClientPolicyCondition[]): boolean {
  const votes = conditions.map((condition) => conditionVote(realm, client, condition));
  return votes.includes('yes') && !votes.includes('no');
}

export interface SecretRotationConfig {
  expirationPeriod: number;
  rotatedExpirationPeriod: number;
  remainingRotationPeriod: number;
}

/** ClientSecretRotationExecutorFactory defaults, seconds. */
export const SECRET_ROTATION_DEFAULTS: SecretRotationConfig = {
  expirationPeriod: 2_592_000,
  rotatedExpirationPeriod: 172_800,
  remainingRotationPeriod: 864_000,
};

function numberOr(value: unknown, fallback: number): number {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : fallback;
}

export function parseSecretRotationConfig(configuration: Record<string, unknown>): SecretRotationConfig {
  return {
    expirationPeriod: numberOr(configuration['expiration-period'], SECRET_ROTATION_DEFAULTS.expirationPeriod),
    rotatedExpirationPeriod: numberOr(
      configuration['rotated-expiration-period'],
      SECRET_ROTATION_DEFAULTS.rotatedExpirationPeriod,
    ),
    remainingRotationPeriod: numberOr(
      configuration['remaining-rotation-period'],
      SECRET_ROTATION_DEFAULTS.remainingRotationPeriod,
    ),
  };
}

/** The configurations of every `secret-rotation` executor in profiles of policies that apply to the client. */
export function applicableSecretRotations(realm: RealmState, client: ClientModel): SecretRotationConfig[] {
  // The executor only handles clients that have a secret.
  if (client.publicClient || client.bearerOnly) return [];
  const result: SecretRotationConfig[] = [];
  for (const policy of realm.clientPolicies) {
    if (!policy.enabled || !policyApplies(realm, client, policy.conditions)) continue;
    for (const profileName of policy.profiles) {
      const profile = realm.clientProfiles.find((p) => p.name === profileName);
      for (const executor of profile?.executors ?? [])
        if (executor.executor === 'secret-rotation')
          result.push(parseSecretRotationConfig(executor.configuration));
    }
  }
  return result;
}

/** Moves the current secret to the rotated slot and installs a new current one (the executor's rotation). */
function rotate(
  client: ClientModel,
  config: SecretRotationConfig,
  now: number,
  previousSecret: string,
  newSecret: string,
): void {
  if (config.rotatedExpirationPeriod > 0) {
    setClientAttribute(client, ROTATED_SECRET, previousSecret);
    setClientAttribute(client, ROTATED_SECRET_CREATION_TIME, String(now));
    setClientAttribute(client, ROTATED_SECRET_EXPIRATION_TIME, String(now + config.rotatedExpirationPeriod));
  } else {
    // rotated-expiration-period 0: the old secret is dropped instead of getting a grace period.
    for (const key of [ROTATED_SECRET, ROTATED_SECRET_CREATION_TIME, ROTATED_SECRET_EXPIRATION_TIME])
      client.attributes.delete(key);
  }
  client.secret = newSecret;
  setClientAttribute(client, SECRET_CREATION_TIME, String(now));
  setClientAttribute(client, SECRET_EXPIRATION_TIME, String(now + config.expirationPeriod));
}

/**
 * Runs the secret-rotation executors that apply to the client for one event. Returns true when at least one
 * executor ran: the session flag that stops the admin endpoints from wiping the rotation attributes.
 * For `regenerated`, `previousSecret` is the secret the client had before the admin call generated a new one.
 */
export function runSecretRotationExecutors(
  realm: RealmState,
  client: ClientModel,
  event: ClientPolicyEvent,
  nowSeconds: number,
  previousSecret?: string,
): boolean {
  const configs = applicableSecretRotations(realm, client);
  for (const config of configs) {
    const forceRotation =
      event === 'regenerated' && previousSecret !== undefined && previousSecret.trim() !== '';
    if (forceRotation) {
      // The new secret is already in place; put the old one in the rotated slot and restart the expiry.
      rotate(client, config, nowSeconds, previousSecret, client.secret ?? generateClientSecret());
      continue;
    }
    if (secretExpirationTime(client) === undefined) {
      // First contact with the policy: only give the current secret an expiry.
      setClientAttribute(client, SECRET_EXPIRATION_TIME, String(nowSeconds + config.expirationPeriod));
      continue;
    }
    if (event !== 'token-request' && isClientSecretExpired(client, nowSeconds)) {
      // An update of a client whose current secret has expired: Keycloak rotates on its own.
      rotate(client, config, nowSeconds, client.secret ?? '', generateClientSecret());
    }
  }
  return configs.length > 0;
}
