// AdminEventBuilder: every mutating admin call is recorded with who did it, on what path, and (when the realm
// stores details) the representation with its secrets stripped (StripSecretsUtils).
import type { AdminEventModel } from '../model/types.ts';
import type { AdminRequest } from './context.ts';
import { ROTATED_SECRET } from '../model/client-secret.ts';
import { stripClientSecrets, stripCredential } from './representations.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** StripSecretsUtils.stripSecrets, dispatching on the shape of the representation. */
export function stripSecrets(representation: unknown): unknown {
  if (Array.isArray(representation)) return representation.map(stripSecrets);
  if (!isObject(representation)) return representation;
  if (representation.type !== undefined && 'value' in representation) return stripCredential(representation);
  // A partial client PUT may carry neither clientId nor secret, only attributes holding the rotated secret.
  const attributes = representation.attributes;
  const holdsRotated = isObject(attributes) && ROTATED_SECRET in attributes;
  if ('clientId' in representation || 'secret' in representation || holdsRotated)
    return stripClientSecrets(representation);
  return representation;
}

export function recordAdminEvent(
  request: AdminRequest,
  event: {
    operationType: AdminEventModel['operationType'];
    resourceType: string;
    resourcePath: string;
    representation?: unknown;
  },
): void {
  const { realm, caller } = request;
  realm.recordAdminEvent({
    // authDetails.clientId is the caller's client UUID (AdminEventBuilder.authClient(client.getId())).
    authDetails: {
      realmId: realm.id,
      clientId: caller.client.id,
      userId: caller.user.id,
      ipAddress: caller.ipAddress,
    },
    operationType: event.operationType,
    resourceType: event.resourceType,
    resourcePath: event.resourcePath,
    ...(event.representation !== undefined
      ? { representation: JSON.stringify(stripSecrets(event.representation)) }
      : {}),
  });
}
