// The bad-input batch (docs/architecture.md#testing), over real HTTP against the Keycloak double: well over a
// hundred malformed or forbidden requests to the mutating endpoints, each answered with a 4xx problem+json and
// none with a 5xx, and Keycloak's state (clients with attributes and secrets, users' role mappings)
// byte-identical before and after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeycloakDouble } from '@credman/keycloak-double';
import { BOB_SMC, DM, SMC, startE2e } from './testing/harness.ts';
import type { DemoUser, E2e, RequestInit } from './testing/harness.ts';

interface BadInput {
  label: string;
  user: DemoUser;
  path: string;
  init: RequestInit;
}

let e2e: E2e;
let aliceId: string;
let noraId: string;
/** A live secret of DM, which alice manages: the target of the bad edits. */
let dmSecretId: string;

/** The parts of the double's realm a credman write could touch, in a stable order, as one JSON string. */
function realmSnapshot(double: KeycloakDouble): string {
  const realm = double.realm;
  const byKey = <T>(items: T[], key: (item: T) => string): T[] =>
    items.sort((a, b) => key(a).localeCompare(key(b)));
  return JSON.stringify({
    clients: byKey([...realm.clients.values()], (c) => c.clientId).map((client) => ({
      id: client.id,
      clientId: client.clientId,
      enabled: client.enabled,
      description: client.description ?? null,
      secret: client.secret ?? null,
      attributes: [...client.attributes.entries()].sort(([a], [b]) => a.localeCompare(b)),
      defaultClientScopes: [...client.defaultClientScopes].sort(),
      optionalClientScopes: [...client.optionalClientScopes].sort(),
    })),
    roles: byKey([...realm.roles.values()], (r) => r.id).map((role) => ({
      id: role.id,
      name: role.name,
      containerId: role.containerId,
    })),
    users: byKey([...realm.users.values()], (u) => u.id).map((user) => ({
      id: user.id,
      username: user.username,
      roleMappings: [...user.roleMappings].sort(),
      groupIds: [...user.groupIds].sort(),
    })),
  });
}

const json = (value: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(value) });

function secretCreations(): BadInput[] {
  const valid = { name: 'Bad input probe', expiresOn: e2e.dateIn(30) };
  const post = (label: string, init: RequestInit, path = `/applications/${DM}/secrets`): BadInput => ({
    label,
    user: 'alice',
    path,
    init,
  });
  const names: [string, unknown][] = [
    ['empty', ''],
    ['spaces only', '   '],
    ['tabs and newlines only', '\t\n  \r\n'],
    ['65 characters', 'a'.repeat(65)],
    ['1000 characters', 'x'.repeat(1000)],
    ['1001 characters (over the body schema)', 'x'.repeat(1001)],
    ['a line feed', 'Secret\nname'],
    ['a tab', 'Secret\tname'],
    ['a carriage return', 'Secret\rname'],
    ['NUL', 'Secret\u0000name'],
    ['a trailing NUL', 'Secret name\u0000'],
    ['ESC (terminal escape)', 'Secret \u001b[31mred'],
    ['DEL', 'Secret\u007fname'],
    ['C1 control U+0085', 'Secret\u0085name'],
    ['C1 control U+009B', 'Secret\u009bname'],
    ['64 letters then an emoji', `${'a'.repeat(64)}😀`],
    ['63 letters then a two-code-point emoji', `${'a'.repeat(63)}🇳🇱`],
    ['65 emoji', '😀'.repeat(65)],
    ['a number', 42],
    ['null', null],
    ['true', true],
    ['an array', ['Secret']],
    ['an object', { text: 'Secret' }],
  ];
  const dates: [string, unknown][] = [
    ['empty', ''],
    ['day-month-year', '01-02-2027'],
    ['slashes', '2027/02/01'],
    ['no zero padding', '2027-2-1'],
    ['no separators', '20270201'],
    ['a timestamp', '2027-02-01T00:00:00Z'],
    ['a leading space', ` ${e2e.dateIn(30)}`],
    ['a trailing newline', `${e2e.dateIn(30)}\n`],
    ['words', 'next tuesday'],
    ['a five-digit year', '12027-02-01'],
    ['February 30th', '2027-02-30'],
    ['month 13', '2027-13-01'],
    ['month 0', '2027-00-10'],
    ['day 0', '2027-03-00'],
    ['April 31st', '2027-04-31'],
    ['29 February of a non-leap year', '2027-02-29'],
    ['yesterday', e2e.dateIn(-1)],
    ['today', e2e.dateIn(0)],
    ['the year 1970', '1970-01-01'],
    ['367 days ahead', e2e.dateIn(367)],
    ['two years ahead', e2e.dateIn(730)],
    ['the year 9999', '9999-12-31'],
    ['33 characters', '2'.repeat(33)],
    ['a number', 20270201],
    ['epoch milliseconds', Date.now() + 86_400_000],
    ['null', null],
    ['false', false],
    ['an array', [e2e.dateIn(30)]],
    ['an object', { date: e2e.dateIn(30) }],
  ];
  return [
    ...names.map(([label, name]) => post(`secret name: ${label}`, json({ ...valid, name }))),
    ...badNotes().map(([label, notes]) => post(`secret notes: ${label}`, json({ ...valid, notes }))),
    ...dates.map(([label, expiresOn]) => post(`expiry date: ${label}`, json({ ...valid, expiresOn }))),
    post('body: name missing', json({ expiresOn: valid.expiresOn })),
    post('body: expiresOn missing', json({ name: valid.name })),
    post('body: empty object', json({})),
    post('body: extra field', json({ ...valid, value: 'my-own-secret' })),
    post('body: extra field __proto__', {
      method: 'POST',
      body: `{"name":"x","expiresOn":"${valid.expiresOn}","__proto__":{"admin":true}}`,
    }),
    post('body: not JSON', { method: 'POST', body: '{name: secret' }),
    post('body: truncated JSON', { method: 'POST', body: '{"name":"x","expiresOn":' }),
    post('body: JSON array', json([valid])),
    post('body: JSON null', { method: 'POST', body: 'null' }),
    post('body: JSON string', json('secret')),
    post('body: JSON number', { method: 'POST', body: '42' }),
    post('body: empty with a JSON content type', { method: 'POST', body: '' }),
    post('body: huge (> 16 kB)', json({ ...valid, name: 'n'.repeat(17 * 1024) })),
    post('body: text/plain', { method: 'POST', body: JSON.stringify(valid), contentType: 'text/plain' }),
    post('body: form-encoded', {
      method: 'POST',
      body: new URLSearchParams(valid).toString(),
      contentType: 'application/x-www-form-urlencoded',
    }),
    post('body: multipart', {
      method: 'POST',
      body: '--b\r\ncontent-disposition: form-data; name="name"\r\n\r\nx\r\n--b--',
      contentType: 'multipart/form-data; boundary=b',
    }),
    post('body: no content type', {
      method: 'POST',
      body: new TextEncoder().encode(JSON.stringify(valid)),
      contentType: null,
    }),
    post('body: UTF-16 charset', {
      method: 'POST',
      body: JSON.stringify(valid),
      contentType: 'application/json; charset=utf-16',
    }),
    post('body: duplicate key, the last one invalid', {
      method: 'POST',
      body: `{"name":"x","expiresOn":"${valid.expiresOn}","expiresOn":"2027-02-30"}`,
    }),
    post('body: duplicate name key, the last one empty', {
      method: 'POST',
      body: `{"name":"x","name":"","expiresOn":"${valid.expiresOn}"}`,
    }),
    post('application: unknown', json(valid), '/applications/Partner-NL-Unknown-SMC/secrets'),
    post('application: not managed by alice', json(valid), `/applications/${BOB_SMC}/secrets`),
    post('application: path traversal', json(valid), '/applications/..%2F..%2Fusers/secrets'),
    post('application: encoded NUL', json(valid), '/applications/Partner%00-NL-X-SMC/secrets'),
    post('application: 300 characters', json(valid), `/applications/${'P'.repeat(300)}/secrets`),
    post(
      'application: unicode clientId',
      json(valid),
      `/applications/${encodeURIComponent('Partner-NL-Örganisation-SMC')}/secrets`,
    ),
    post(
      'application: RTL override in clientId',
      json(valid),
      `/applications/${encodeURIComponent('Partner-NL-\u202eCMS-SMC')}/secrets`,
    ),
    post('application: case changed', json(valid), `/applications/${DM.toLowerCase()}/secrets`),
  ];
}

function badNotes(): [string, unknown][] {
  return [
    ['251 characters', 'n'.repeat(251)],
    ['4001 characters (over the body schema)', 'n'.repeat(4001)],
    ['a line feed', 'first\nsecond'],
    ['a paragraph separator', 'first\u2029second'],
    ['an RTL override', 'notes \u202etxt.exe'],
    ['a zero-width space', 'no\u200Bspace'],
    ['a number', 42],
    ['null', null],
    ['an array', ['notes']],
  ];
}

function secretEdits(): BadInput[] {
  const patch = (label: string, body: unknown, path = `/applications/${DM}/secrets/${dmSecretId}`) => ({
    label: `edit secret: ${label}`,
    user: 'alice' as const,
    path,
    init: { method: 'PATCH', body: JSON.stringify(body) },
  });
  return [
    ...badNotes().map(([label, notes]) => patch(`notes ${label}`, { notes })),
    patch('name empty', { name: '' }),
    patch('name of 65 characters', { name: 'a'.repeat(65) }),
    patch('name with a line feed', { name: 'Secret\nname' }),
    patch('empty object', {}),
    patch('extra field expiresOn', { name: 'x', expiresOn: e2e.dateIn(30) }),
    patch('extra field value', { value: 'my-own-secret' }),
    patch('JSON array', [{ name: 'x' }]),
    patch(
      'unknown secret',
      { name: 'x' },
      `/applications/${DM}/secrets/00000000-0000-4000-8000-000000000000`,
    ),
    patch('secret id path traversal', { name: 'x' }, `/applications/${DM}/secrets/..%2F..%2F${SMC}`),
    patch('not managed by alice', { name: 'x' }, `/applications/${BOB_SMC}/secrets/${dmSecretId}`),
    patch('unknown application', { name: 'x' }, `/applications/Partner-NL-Unknown-SMC/secrets/${dmSecretId}`),
    {
      label: 'edit secret: text/plain',
      user: 'alice',
      path: `/applications/${DM}/secrets/${dmSecretId}`,
      init: { method: 'PATCH', body: '{"name":"x"}', contentType: 'text/plain' },
    },
  ];
}

function secretDeletions(): BadInput[] {
  const del = (label: string, path: string): BadInput => ({
    label,
    user: 'alice',
    path,
    init: { method: 'DELETE' },
  });
  return [
    del('secret id: unknown', `/applications/${DM}/secrets/00000000-0000-4000-8000-000000000000`),
    del('secret id: word', `/applications/${DM}/secrets/current`),
    del('secret id: path traversal', `/applications/${DM}/secrets/..%2F..%2F${SMC}`),
    del('secret id: encoded NUL', `/applications/${DM}/secrets/%00`),
    del('secret id: 65 characters', `/applications/${DM}/secrets/${'a'.repeat(65)}`),
    del('secret id: 5000 characters', `/applications/${DM}/secrets/${'a'.repeat(5000)}`),
    del('secret id: emoji', `/applications/${DM}/secrets/${encodeURIComponent('😀')}`),
    del('force: not a boolean', `/applications/${DM}/secrets/some-id?force=yes`),
    del('force: repeated', `/applications/${DM}/secrets/some-id?force=true&force=false`),
    del('application: unknown', '/applications/Partner-NL-Unknown-SMC/secrets/some-id'),
    del('application: not managed by alice', `/applications/${BOB_SMC}/secrets/some-id`),
    del('application: path traversal', '/applications/..%2Fadmin/secrets/some-id'),
    del('application: 300 characters', `/applications/${'P'.repeat(300)}/secrets/some-id`),
  ];
}

function applicationCreations(): BadInput[] {
  const valid = {
    kind: 'Partner',
    country: 'DE',
    organisation: 'BadInputLabs',
    api: 'SMC',
    permissions: ['smc.sandbox'],
  };
  const create = (label: string, body: unknown): BadInput => ({
    label: `create application: ${label}`,
    user: 'olivia',
    path: '/applications',
    init: json(body),
  });
  return [
    create('unknown kind', { ...valid, kind: 'Supplier' }),
    create('empty kind', { ...valid, kind: '' }),
    create('lower-case kind', { ...valid, kind: 'partner' }),
    create('unknown country', { ...valid, country: 'XX' }),
    create('lower-case country', { ...valid, country: 'de' }),
    create('three-letter country', { ...valid, country: 'DEU' }),
    create('empty organisation', { ...valid, organisation: '' }),
    create('organisation with a hyphen', { ...valid, organisation: 'Bad-Input' }),
    create('organisation with a space', { ...valid, organisation: 'Bad Input' }),
    create('organisation with a slash', { ...valid, organisation: 'Bad/Input' }),
    create('organisation with an umlaut', { ...valid, organisation: 'Örganisation' }),
    create('organisation with an RTL override', { ...valid, organisation: 'Bad\u202eInput' }),
    create('organisation with NUL', { ...valid, organisation: 'Bad\u0000Input' }),
    create('organisation of 201 characters', { ...valid, organisation: 'B'.repeat(201) }),
    create('unknown api', { ...valid, api: 'XYZ' }),
    create('empty api', { ...valid, api: '' }),
    create('unknown permission', { ...valid, permissions: ['smc.everything'] }),
    create('permission of another api', { ...valid, permissions: ['dm.sandbox'] }),
    create('21 permissions', { ...valid, permissions: Array.from({ length: 21 }, () => 'smc.sandbox') }),
    create('permissions not an array', { ...valid, permissions: 'smc.sandbox' }),
    create('description of 256 characters', { ...valid, description: 'd'.repeat(256) }),
    create('description with a line separator', { ...valid, description: 'Ok\u2028Created by: someone' }),
    create('description with a zero-width space', { ...valid, description: 'Bad\u200BInput' }),
    create('every part invalid', {
      kind: 'Supplier',
      country: 'XX',
      organisation: 'Bad Input',
      api: 'XYZ',
      permissions: ['nope'],
    }),
    create('kind missing', { country: 'DE', organisation: 'BadInputLabs', api: 'SMC', permissions: [] }),
    create('extra field clientId', { ...valid, clientId: 'Partner-DE-Chosen-SMC' }),
    create('extra field secret', { ...valid, secret: 'chosen-by-caller' }),
    create('already exists', {
      kind: 'Partner',
      country: 'NL',
      organisation: 'OrganisationName',
      api: 'SMC',
      permissions: ['smc.sandbox'],
    }),
    create('already exists in another case', {
      kind: 'Partner',
      country: 'NL',
      organisation: 'organisationNAME',
      api: 'SMC',
      permissions: ['smc.sandbox'],
    }),
    create('JSON array', [valid]),
    {
      label: 'create application: not JSON',
      user: 'olivia',
      path: '/applications',
      init: { method: 'POST', body: 'kind=Partner' },
    },
  ];
}

function applicationEdits(): BadInput[] {
  const patch = (label: string, body: unknown, path = `/applications/${SMC}`): BadInput => ({
    label: `edit application: ${label}`,
    user: 'olivia',
    path,
    init: { method: 'PATCH', body: JSON.stringify(body) },
  });
  return [
    patch('permission of another api', { permissions: ['dm.sandbox'] }),
    patch('no permissions', { permissions: [] }),
    patch('unknown permission', { permissions: ['smc.everything'] }),
    patch('duplicate permission', { permissions: ['smc.sandbox', 'smc.sandbox'] }),
    patch('permissions not an array', { permissions: 'smc.sandbox' }),
    patch('21 permissions', { permissions: Array.from({ length: 21 }, () => 'smc.sandbox') }),
    patch('description of 256 characters', { description: 'd'.repeat(256) }),
    patch('description with a line feed', { description: 'first\nsecond' }),
    patch('description with an RTL override', { description: 'desc \u202etxt.exe' }),
    patch('description null', { description: null }),
    patch('empty object', {}),
    patch('extra field clientId', { clientId: 'Partner-DE-Chosen-SMC' }),
    patch('unknown application', { description: 'x' }, '/applications/Partner-NL-Unknown-SMC'),
    patch('path traversal', { description: 'x' }, `/applications/..%2F${SMC}`),
    { ...patch('as a manager', { description: 'x' }), user: 'alice' },
  ];
}

function managerChanges(): BadInput[] {
  const change = (label: string, method: 'PUT' | 'DELETE', path: string): BadInput => ({
    label: `${method} manager: ${label}`,
    user: 'olivia',
    path,
    init: { method },
  });
  return (['PUT', 'DELETE'] as const).flatMap((method) => [
    change('unknown user', method, `/applications/${SMC}/managers/00000000-0000-4000-8000-000000000000`),
    change('user id path traversal', method, `/applications/${SMC}/managers/..%2F..%2F${aliceId}`),
    change('user id of 300 characters', method, `/applications/${SMC}/managers/${'u'.repeat(300)}`),
    change('unknown application', method, `/applications/Partner-NL-Unknown-SMC/managers/${noraId}`),
    change('application path traversal', method, `/applications/..%2F${SMC}/managers/${noraId}`),
    change(
      'unicode application',
      method,
      `/applications/${encodeURIComponent('Partner-NL-Örganisation-SMC')}/managers/${noraId}`,
    ),
    change('application of 300 characters', method, `/applications/${'P'.repeat(300)}/managers/${noraId}`),
  ]);
}

interface Outcome {
  label: string;
  status: number;
  contentType: string | null;
}

let before: string;
const outcomes: Outcome[] = [];

beforeAll(async () => {
  // The batch sends far more mutations than one user may per minute in production.
  e2e = await startE2e({ rateLimitMutationsPerMinute: 10_000 });
  const realm = e2e.double.realm;
  aliceId = realm.userByUsername('alice')?.id ?? '';
  noraId = realm.userByUsername('nora')?.id ?? '';
  expect([aliceId, noraId]).not.toContain('');
  // Logins happen before the snapshot: they touch only sessions, which the snapshot leaves out anyway.
  for (const user of ['alice', 'olivia'] as const) await e2e.token(user);
  const created = (await (
    await e2e.api('alice', `/applications/${DM}/secrets`, {
      method: 'POST',
      body: JSON.stringify({ name: 'Edit target', expiresOn: e2e.dateIn(90) }),
    })
  ).json()) as { secret: { id: string } };
  dmSecretId = created.secret.id;
  expect(dmSecretId).not.toBe('');
  before = realmSnapshot(e2e.double);
});

afterAll(async () => {
  await e2e.close();
});

describe('bad inputs to the mutating endpoints', () => {
  it('answers every one with a 4xx problem, never a 5xx, and leaves Keycloak byte-identical', async () => {
    const batch = [
      ...secretCreations(),
      ...secretDeletions(),
      ...secretEdits(),
      ...applicationCreations(),
      ...applicationEdits(),
      ...managerChanges(),
    ];
    expect(batch.length).toBeGreaterThanOrEqual(100);
    for (const input of batch) {
      const response = await e2e.api(input.user, input.path, input.init);
      outcomes.push({
        label: input.label,
        status: response.status,
        contentType: response.headers.get('content-type'),
      });
      await response.body?.cancel();
    }
    const wrong = outcomes.filter(
      (o) =>
        o.status < 400 || o.status > 499 || !(o.contentType ?? '').startsWith('application/problem+json'),
    );
    expect(wrong).toEqual([]);
    expect(outcomes.filter((o) => o.status >= 500)).toEqual([]);
    expect(realmSnapshot(e2e.double)).toBe(before);
    const byStatus = new Map<number, number>();
    for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
    process.stdout.write(
      `\nbad inputs: ${String(outcomes.length)} requests, statuses ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}, Keycloak state unchanged\n`,
    );
  }, 30_000);

  // The secret policy (packages/domain/src/secret-policy.ts): secret names carry no control characters;
  // text-direction controls count (a name with U+202E would display reversed in the console and the
  // audit trail).
  it('refuses a secret name with an RTL override (U+202E)', async () => {
    const response = await e2e.api('alice', `/applications/${DM}/secrets`, {
      method: 'POST',
      body: JSON.stringify({ name: 'Secret \u202egnp.exe', expiresOn: e2e.dateIn(30) }),
    });
    const problem = (await response.json()) as { errors?: { field: string }[] };
    expect(response.status).toBe(400);
    expect(problem.errors?.map((e) => e.field)).toContain('name');
  });
});
