// The login parts of credman's realm — the SPA client credman-console (public, PKCE S256, minimum acr "mfa"),
// the step-up browser flow with acr.loa.map {"pwd":1,"mfa":2}, and the users alice, bob and olivia with a
// password and a TOTP credential — for the double's own unit tests on a minimal realm. The contract suite runs on
// the shipped realm, which has them; parts already present are left alone. The user credentials are the shipped
// demo users' (keycloak-realm/README.md), so tests of both kinds log in with the same constants.

export const LOGIN_NAMES = {
  consoleClientId: 'credman-console',
  /**
   * A redirect URI the console client accepts: under the shipped realm's
   * `${CREDMAN_CONSOLE_URL:http://localhost:8080}/*` (its dev entry is 5173 only when CREDMAN_CONSOLE_DEV_URL is
   * set or CREDMAN_CONSOLE_URL is not, so 8080 is the one present in every demo set-up) and under
   * `http://localhost:*` in the minimal realm here.
   */
  consoleRedirectUri: process.env.KEYCLOAK_CONSOLE_REDIRECT_URI ?? 'http://localhost:8080/',
} as const;

/** Demo users with their secrets. The TOTP secret is used as raw UTF-8 key bytes (no secretEncoding). */
export const LOGIN_USERS = {
  alice: { username: 'alice', password: 'demo-alice-password', totpSecret: 'credman-demo-alice12' },
  bob: { username: 'bob', password: 'demo-bob-password', totpSecret: 'credman-demo-bob1234' },
  olivia: { username: 'olivia', password: 'demo-olivia-password', totpSecret: 'credman-demo-olivia1' },
} as const;

type Json = Record<string, unknown>;

function list(realm: Json, key: string): Json[] {
  const current = realm[key];
  if (Array.isArray(current)) return current as Json[];
  const created: Json[] = [];
  realm[key] = created;
  return created;
}

const LOA_FLOWS: Json[] = [
  {
    alias: 'browser-loa',
    description: 'Step-up: password is level 1, OTP level 2',
    providerId: 'basic-flow',
    topLevel: true,
    builtIn: false,
    authenticationExecutions: [
      {
        authenticator: 'auth-cookie',
        authenticatorFlow: false,
        requirement: 'ALTERNATIVE',
        priority: 10,
        userSetupAllowed: false,
      },
      {
        authenticatorFlow: true,
        flowAlias: 'browser-loa-forms',
        requirement: 'ALTERNATIVE',
        priority: 20,
        userSetupAllowed: false,
      },
    ],
  },
  {
    alias: 'browser-loa-forms',
    providerId: 'basic-flow',
    topLevel: false,
    builtIn: false,
    authenticationExecutions: [
      {
        authenticatorFlow: true,
        flowAlias: 'browser-loa-1',
        requirement: 'CONDITIONAL',
        priority: 10,
        userSetupAllowed: false,
      },
      {
        authenticatorFlow: true,
        flowAlias: 'browser-loa-2',
        requirement: 'CONDITIONAL',
        priority: 20,
        userSetupAllowed: false,
      },
    ],
  },
  {
    alias: 'browser-loa-1',
    providerId: 'basic-flow',
    topLevel: false,
    builtIn: false,
    authenticationExecutions: [
      {
        authenticator: 'conditional-level-of-authentication',
        authenticatorConfig: 'loa-1',
        authenticatorFlow: false,
        requirement: 'REQUIRED',
        priority: 10,
        userSetupAllowed: false,
      },
      {
        authenticator: 'auth-username-password-form',
        authenticatorFlow: false,
        requirement: 'REQUIRED',
        priority: 20,
        userSetupAllowed: false,
      },
    ],
  },
  {
    alias: 'browser-loa-2',
    providerId: 'basic-flow',
    topLevel: false,
    builtIn: false,
    authenticationExecutions: [
      {
        authenticator: 'conditional-level-of-authentication',
        authenticatorConfig: 'loa-2',
        authenticatorFlow: false,
        requirement: 'REQUIRED',
        priority: 10,
        userSetupAllowed: false,
      },
      {
        authenticator: 'auth-otp-form',
        authenticatorFlow: false,
        requirement: 'REQUIRED',
        priority: 20,
        userSetupAllowed: false,
      },
    ],
  },
];

function user(name: keyof typeof LOGIN_USERS): Json {
  const { username, password, totpSecret } = LOGIN_USERS[name];
  return {
    username,
    enabled: true,
    email: `${username}@example.org`,
    emailVerified: true,
    firstName: username.charAt(0).toUpperCase() + username.slice(1),
    lastName: 'Example',
    credentials: [
      { type: 'password', value: password, temporary: false },
      {
        type: 'otp',
        userLabel: 'phone',
        secretData: JSON.stringify({ value: totpSecret }),
        credentialData: JSON.stringify({
          subType: 'totp',
          digits: 6,
          counter: 0,
          period: 30,
          algorithm: 'HmacSHA1',
        }),
      },
    ],
  };
}

/** Adds the login parts to a realm representation (mutates and returns it). */
export function addLoginRealmParts<T>(realm: T): T {
  const rep = realm as Json;
  const attributes = (rep.attributes ?? {}) as Record<string, string>;
  attributes['acr.loa.map'] ??= JSON.stringify({ pwd: 1, mfa: 2 });
  rep.attributes = attributes;
  if (rep.browserFlow === undefined) {
    rep.browserFlow = 'browser-loa';
    list(rep, 'authenticationFlows').push(...structuredClone(LOA_FLOWS));
    list(rep, 'authenticatorConfig').push(
      { alias: 'loa-1', config: { 'loa-condition-level': '1', 'loa-max-age': '36000' } },
      { alias: 'loa-2', config: { 'loa-condition-level': '2', 'loa-max-age': '0' } },
    );
  }
  const clients = list(rep, 'clients');
  if (!clients.some((c) => c.clientId === LOGIN_NAMES.consoleClientId)) {
    clients.push({
      clientId: LOGIN_NAMES.consoleClientId,
      enabled: true,
      publicClient: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      redirectUris: ['http://localhost:*', 'http://127.0.0.1:*'],
      webOrigins: ['+'],
      attributes: {
        'pkce.code.challenge.method': 'S256',
        'minimum.acr.value': 'mfa',
        'post.logout.redirect.uris': '+',
      },
    });
  }
  const users = list(rep, 'users');
  for (const name of Object.keys(LOGIN_USERS) as (keyof typeof LOGIN_USERS)[])
    if (!users.some((u) => u.username === name)) users.push(user(name));
  return realm;
}
