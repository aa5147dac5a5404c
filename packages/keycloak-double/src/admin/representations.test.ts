import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { importRealm } from '../import/import-realm.ts';
import { ROTATION_POLICY_REALM } from '../testing/minimal-realm.ts';
import { stripSecrets } from './admin-events.ts';
import {
  MASKED,
  clientRepresentation,
  eventRepresentation,
  stripClientSecrets,
  userRepresentation,
} from './representations.ts';

const realm = () =>
  importRealm(structuredClone(ROTATION_POLICY_REALM), new ManualClock(Date.UTC(2027, 0, 1)));

describe('admin representations', () => {
  it('given a client, then its representation has attributes as a plain object, the secret and no authorization flag when off', () => {
    const model = realm();
    const client = model.clientByClientId('Partner-NL-Acme-DM');
    if (!client) throw new Error('fixture client missing');
    client.attributes.set('client.secret.rotated', 'old-secret');
    const rep = clientRepresentation(client, { view: true, configure: true, manage: true });
    expect(rep).toMatchObject({
      id: client.id,
      clientId: 'Partner-NL-Acme-DM',
      secret: 'initial-secret-value-0000000000000000000000',
      publicClient: false,
      serviceAccountsEnabled: true,
      attributes: { 'client.secret.rotated': 'old-secret' },
      access: { view: true, configure: true, manage: true },
    });
    expect(rep).not.toHaveProperty('authorizationServicesEnabled');
  });

  it('given a client representation, when stripped, then the secret and rotated secret are masked and vault references kept', () => {
    const stripped = stripClientSecrets({
      secret: 's3cret',
      attributes: { 'client.secret.rotated': 'old', other: 'x' },
    });
    expect(stripped).toEqual({ secret: MASKED, attributes: { 'client.secret.rotated': MASKED, other: 'x' } });
    expect(stripClientSecrets({ secret: '${vault.app}' })).toEqual({ secret: '${vault.app}' });
  });

  it('given admin event representations, then credentials and clients are stripped and other shapes kept', () => {
    expect(stripSecrets({ type: 'secret', value: 'v' })).toEqual({ type: 'secret', value: MASKED });
    expect(stripSecrets({ clientId: 'a', secret: 'v' })).toEqual({ clientId: 'a', secret: MASKED });
    expect(stripSecrets([{ id: 'r', name: 'credential-manager' }])).toEqual([
      { id: 'r', name: 'credential-manager' },
    ]);
  });

  it('given a user, then brief has the identity fields only and full adds required actions and the service-account link', () => {
    const model = realm();
    const client = model.clientByClientId('Partner-NL-Acme-DM');
    const user = client ? model.serviceAccountOf(client) : undefined;
    if (!user) throw new Error('fixture service account missing');
    const brief = userRepresentation(model, user, true);
    expect(Object.keys(brief).sort()).toEqual([
      'createdTimestamp',
      'emailVerified',
      'enabled',
      'id',
      'username',
    ]);
    expect(userRepresentation(model, user, false)).toMatchObject({
      serviceAccountClientId: 'Partner-NL-Acme-DM',
      requiredActions: [],
    });
  });

  it('given an event without optional fields, then they are left out rather than null', () => {
    const rep = eventRepresentation({
      id: 'e',
      time: 1,
      type: 'CLIENT_LOGIN',
      realmId: 'r',
      details: { a: 'b' },
    });
    expect(rep).toEqual({ id: 'e', time: 1, type: 'CLIENT_LOGIN', realmId: 'r', details: { a: 'b' } });
  });
});
