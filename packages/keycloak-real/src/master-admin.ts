// The master realm's bootstrap admin, for what only an administrator of the whole server can do in tests: import
// a fresh realm per test harness (so suites that change the demo data cannot disturb each other) and delete it.
export interface ServerAdmin {
  url: string;
  username: string;
  password: string;
}

async function adminToken(admin: ServerAdmin): Promise<string> {
  const response = await fetch(`${admin.url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: admin.username,
      password: admin.password,
    }),
  });
  if (!response.ok)
    throw new Error(`master admin login failed: ${String(response.status)} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** An Admin REST API request as the server admin (path from /admin/realms/…), for set-ups of tests only. */
export async function adminRequest(
  admin: ServerAdmin,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Response> {
  return fetch(`${admin.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${await adminToken(admin)}`, 'content-type': 'application/json' },
    // RequestInit takes no undefined.
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

/** Creates a realm from a full representation (users, credentials, clients included), as an import does. */
export async function importRealm(admin: ServerAdmin, representation: unknown): Promise<void> {
  const response = await fetch(`${admin.url}/admin/realms`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await adminToken(admin)}`, 'content-type': 'application/json' },
    body: JSON.stringify(representation),
  });
  if (response.status !== 201) {
    throw new Error(
      `realm import failed: ${String(response.status)} ${(await response.text()).slice(0, 500)}`,
    );
  }
}

export async function deleteRealm(admin: ServerAdmin, realm: string): Promise<void> {
  const response = await fetch(`${admin.url}/admin/realms/${encodeURIComponent(realm)}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${await adminToken(admin)}` },
  });
  if (response.status !== 204 && response.status !== 404) {
    throw new Error(`realm delete failed: ${String(response.status)}`);
  }
}

/** The server admin the test run provisioned (vitest.keycloak.config.ts), or undefined when tests run on the double. */
export function serverAdminFromEnv(env: NodeJS.ProcessEnv = process.env): ServerAdmin | undefined {
  const url = env.KEYCLOAK_URL;
  const username = env.KEYCLOAK_ADMIN_USERNAME;
  const password = env.KEYCLOAK_ADMIN_PASSWORD;
  if (!url || !username || !password) return undefined;
  return { url: url.replace(/\/$/, ''), username, password };
}
