import { epochSeconds } from '@credman/domain';
import { describe, expect, it } from 'vitest';
import type { KeycloakClient } from '../keycloak/port.ts';
import type { SecretRecord, SecretsDocument } from '../store/records/secrets.ts';
import { SECRETS_ATTRIBUTE } from '../store/records/codecs.ts';
import { SLOT_ATTRIBUTES } from '../store/slots.ts';
import { assertInvariants, invariantViolations } from './credential-invariants.ts';

const actor = { id: 'u', username: 'u', name: 'U' };
const record = (id: string, value: string, createdAt: number, expiresAt: number): SecretRecord => ({
  id,
  name: id,
  hint: value.slice(0, 3),
  createdAt: epochSeconds(createdAt),
  createdBy: actor,
  expiresAt: epochSeconds(expiresAt),
  expiresOn: '2030-01-01',
  state: 'live',
});

function client(
  secrets: SecretRecord[],
  current: [string, number, number],
  rotated?: [string, number, number],
  placeholderCreatedAt?: number,
): KeycloakClient {
  const document: SecretsDocument = {
    schema: 1,
    revision: 3,
    writer: 'w',
    ...(placeholderCreatedAt !== undefined
      ? { placeholderCreatedAt: epochSeconds(placeholderCreatedAt) }
      : {}),
    secrets,
  };
  return {
    id: 'id',
    clientId: 'Partner-NL-Org-DM',
    enabled: true,
    secret: current[0],
    attributes: {
      [SECRETS_ATTRIBUTE]: JSON.stringify(document),
      [SLOT_ATTRIBUTES.currentCreated]: String(current[1]),
      [SLOT_ATTRIBUTES.currentExpires]: String(current[2]),
      ...(rotated
        ? {
            [SLOT_ATTRIBUTES.rotatedValue]: rotated[0],
            [SLOT_ATTRIBUTES.rotatedCreated]: String(rotated[1]),
            [SLOT_ATTRIBUTES.rotatedExpires]: String(rotated[2]),
          }
        : {}),
    },
    defaultClientScopes: [],
    optionalClientScopes: [],
  };
}

describe('credential invariants', () => {
  it('accepts two live secrets placed by the slot rule, and an empty application with its placeholder', () => {
    const two = client(
      [record('a', 'aaaX', 10, 500), record('b', 'bbbX', 20, 300)],
      ['aaaX', 10, 500],
      ['bbbX', 20, 300],
    );
    expect(invariantViolations(two)).toEqual([]);
    expect(() => {
      assertInvariants(client([], ['placeholder', 40, 40], undefined, 40));
    }).not.toThrow();
  });

  it('names each broken invariant', () => {
    // The earlier expiry in current: slot rule broken, both records in the wrong slot.
    const swapped = client(
      [record('a', 'aaaX', 10, 500), record('b', 'bbbX', 20, 300)],
      ['bbbX', 20, 300],
      ['aaaX', 10, 500],
    );
    expect(invariantViolations(swapped)).toEqual([
      'live secret a (latest expiry) is not the current slot',
      'live secret b (earlier expiry) is not the rotated slot',
      'the rotated slot expires after the current slot (slot rule)',
    ]);
    // A slot expiry that differs from the record, and a rotated secret credman does not know.
    expect(
      invariantViolations(client([record('a', 'aaaX', 10, 500)], ['aaaX', 10, 501], ['zzzX', 5, 100])),
    ).toEqual([
      'live secret a (latest expiry) is not the current slot',
      'the rotated slot holds a secret credman has no live record of',
    ]);
    // Three live records; a placeholder that is not recorded and outlives its grace.
    expect(
      invariantViolations(
        client(
          [record('a', 'aaaX', 1, 9), record('b', 'bbbX', 1, 8), record('c', 'cccX', 1, 7)],
          ['aaaX', 1, 9],
          ['bbbX', 1, 8],
        ),
      ),
    ).toEqual(['3 live secrets recorded']);
    expect(invariantViolations(client([], ['unknown', 40, 400], undefined, 30))).toEqual([
      'the current slot is not the recorded placeholder',
      'the placeholder outlives its grace',
    ]);
    expect(() => {
      assertInvariants(undefined);
    }).toThrow('does not exist');
  });
});
