// The browser side of the authorization code flow: the authorization request starts (or, through the SSO
// cookie, skips) a login; the login-actions endpoints take the forms; the end of the flow creates or extends
// the SSO session, issues the code and redirects back to the client. Events LOGIN / LOGIN_ERROR.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { DoubleEnv } from '../app.ts';
import { epochSeconds } from '../clock.ts';
import type { KeycloakDouble } from '../double.ts';
import type { ClientModel, UserModel } from '../model/types.ts';
import { authorizationResponse, checkAuthorizationRequest } from '../oidc/authorization-endpoint.ts';
import type { AuthorizationCheck } from '../oidc/authorization-endpoint.ts';
import {
  authSessionRootId,
  readAuthSessionRootId,
  readIdentitySessionId,
  setIdentityCookies,
} from './cookies.ts';
import {
  CONFIGURE_TOTP,
  OTP_FORM,
  PASSWORD_FORM,
  advanceFlow,
  authenticatorSucceeded,
  highestPreviousLevel,
} from './flow.ts';
import { NO_LOA, acrClaim } from './loa.ts';
import { decodeOtpKey, otpKeyForAuthenticatorApp } from './otp-key.ts';
import { MESSAGES, configureTotpPage, errorPage, loginPage, otpPage } from './pages.ts';
import type { PageMessage } from './pages.ts';
import { isUserSessionValid, loginStore } from './sessions.ts';
import type { AuthenticationSession, AuthorizationRequest, UserSession } from './sessions.ts';
import { LOGIN_PAGE_CSP } from './theme.ts';
import { otpAuthUri, qrCodeSvg } from './totp-qr.ts';
import { verifyTotp } from './totp.ts';
import type { FailureOutcome } from './brute-force.ts';

type Ctx = Context<DoubleEnv>;

/** An HTML page through the context, so that cookies set on it (AUTH_SESSION_ID) go out with the page. */
function html(c: Ctx, body: string, status: 200 | 400 | 401 | 403 | 501 = 200): Response {
  c.header('cache-control', 'no-store, must-revalidate, max-age=0');
  c.header('content-security-policy', LOGIN_PAGE_CSP);
  return c.html(body, status);
}

function now(double: KeycloakDouble): number {
  return epochSeconds(double.clock);
}

function loginEventBase(c: Ctx, session: AuthenticationSession, double: KeycloakDouble) {
  const client = double.realm.clients.get(session.request.clientUuid);
  return {
    ipAddress: c.get('ipAddress'),
    clientId: client?.clientId,
    details: {
      auth_method: 'openid-connect',
      auth_type: 'code',
      redirect_uri: session.request.redirectUri,
      response_type: 'code',
      response_mode: session.request.responseMode,
    } as Record<string, string>,
  };
}

/**
 * A form's action as Keycloak writes it: absolute, on login-actions, with session_code, execution, client_id,
 * tab_id and client_data (ClientData: redirect URI, response type, state, response mode as base64url JSON).
 */
function actionUrl(
  c: Ctx,
  double: KeycloakDouble,
  session: AuthenticationSession,
  path: string,
  execution: string,
): string {
  const client = double.realm.clients.get(session.request.clientUuid);
  const { redirectUri, responseMode, state } = session.request;
  const clientData = {
    ru: redirectUri,
    rt: 'code',
    st: state,
    ...(responseMode !== 'query' ? { rm: responseMode } : {}),
  };
  const query = new URLSearchParams({
    session_code: randomBytes(16).toString('base64url'),
    execution,
    client_id: client?.clientId ?? '',
    tab_id: session.tabId,
    client_data: Buffer.from(JSON.stringify(clientData)).toString('base64url'),
  });
  return `${c.get('issuer')}/login-actions/${path}?${query.toString()}`;
}

/** The two ways Keycloak turns a request away: an error page, or an error sent back to the client. */
function rejectAuthorizationRequest(
  c: Ctx,
  double: KeycloakDouble,
  check: Exclude<AuthorizationCheck, { kind: 'accepted' }>,
): Response {
  const realm = double.realm;
  const ipAddress = c.get('ipAddress');
  if (check.kind === 'error-page') {
    realm.recordEvent({
      type: 'LOGIN_ERROR',
      ipAddress,
      error: check.eventError,
      details: check.reason !== undefined ? { reason: check.reason } : {},
      clientId: check.clientId,
    });
    return html(c, errorPage(realm.name, check.message), check.status);
  }
  realm.recordEvent({
    type: 'LOGIN_ERROR',
    clientId: check.client.clientId,
    ipAddress,
    error: check.eventError,
    details: {
      redirect_uri: check.redirectUri,
      ...(check.reason !== undefined ? { reason: check.reason } : {}),
    },
  });
  return authorizationResponse(check.redirectUri, check.mode, check.params);
}

function newAuthenticationSession(
  c: Ctx,
  double: KeycloakDouble,
  request: AuthorizationRequest,
  nowSeconds: number,
): AuthenticationSession {
  return {
    tabId: randomBytes(8).toString('base64url'),
    rootId: authSessionRootId(c, double),
    createdAt: nowSeconds,
    request,
    currentLoa: NO_LOA,
    loaMap: new Map(),
    stepIndex: 0,
    authenticatorIndex: 0,
    stepEntered: false,
    pendingRequiredActions: [],
    methods: [],
    sso: false,
  };
}

/**
 * The cookie authenticator: an SSO session proves the levels it reached that have not expired
 * (CookieAuthenticator + AcrStore). Joins a usable SSO session to the login and returns it with its user; an
 * elapsed max_age forces re-authentication.
 */
async function joinSsoSession(
  c: Ctx,
  double: KeycloakDouble,
  session: AuthenticationSession,
  maxAge: number | undefined,
  nowSeconds: number,
): Promise<{ ssoSession: UserSession; user: UserModel } | undefined> {
  const ssoId = await readIdentitySessionId(c, double);
  const ssoSession = ssoId !== undefined ? loginStore(double).userSessions.get(ssoId) : undefined;
  const user = ssoSession ? double.realm.users.get(ssoSession.userId) : undefined;
  if (maxAge !== undefined && ssoSession !== undefined && nowSeconds > ssoSession.authTime + maxAge)
    session.request.forceReauthentication = true;
  if (!isUserSessionValid(ssoSession, double.realm.lifetimes, nowSeconds) || user?.enabled !== true)
    return undefined;
  session.userId = ssoSession.userId;
  session.userSessionId = ssoSession.id;
  session.loaMap = new Map(ssoSession.loaMap);
  return { ssoSession, user };
}

/** prompt=none and a login is needed: the client gets login_required instead of a login page. */
function loginRequired(c: Ctx, double: KeycloakDouble, session: AuthenticationSession): Response {
  double.realm.recordEvent({
    ...loginEventBase(c, session, double),
    type: 'LOGIN_ERROR',
    error: 'login_required',
  });
  // Parameters of the redirect: one left out is not sent.
  return authorizationResponse(session.request.redirectUri, session.request.responseMode, {
    error: 'login_required',
    ...(session.request.state !== undefined ? { state: session.request.state } : {}),
    iss: c.get('issuer'),
  });
}

/** GET|POST /realms/{realm}/protocol/openid-connect/auth */
export async function handleAuthorizationRequest(c: Ctx, double: KeycloakDouble): Promise<Response> {
  const params =
    c.req.method === 'POST' ? new URLSearchParams(await c.req.text()) : new URL(c.req.url).searchParams;
  const check = checkAuthorizationRequest(double.realm, params, c.get('issuer'));
  if (check.kind !== 'accepted') return rejectAuthorizationRequest(c, double, check);

  const store = loginStore(double);
  const nowSeconds = now(double);
  const session = newAuthenticationSession(c, double, check.request, nowSeconds);
  const sso = await joinSsoSession(c, double, session, check.maxAge, nowSeconds);
  // A higher requested level than the SSO session proves continues with the forms (step-up).
  if (sso && !session.request.forceReauthentication) {
    const previous = highestPreviousLevel(double.realm, sso.ssoSession.loaMap, nowSeconds);
    session.currentLoa = previous;
    if (session.request.requestedLoa <= previous) {
      session.sso = true;
      store.authSessions.set(session.tabId, session);
      return finishLogin(c, double, session, sso.user);
    }
  }
  if (check.prompt.includes('none')) return loginRequired(c, double, session);
  store.authSessions.set(session.tabId, session);
  return proceed(c, double, session, sso?.user);
}

/**
 * Runs the flow to the next page, or finishes the login. A page that shows an error is still 200, as Keycloak's
 * form pages are (FreeMarkerLoginFormsProvider).
 */
async function proceed(
  c: Ctx,
  double: KeycloakDouble,
  session: AuthenticationSession,
  user: UserModel | undefined,
  error?: PageMessage,
): Promise<Response> {
  const realm = double.realm;
  const action = advanceFlow(realm, session, user, now(double));
  switch (action.kind) {
    case 'form':
      if (action.authenticator === PASSWORD_FORM)
        return html(
          c,
          loginPage({
            realmName: realm.name,
            action: actionUrl(c, double, session, 'authenticate', PASSWORD_FORM),
            username: user?.username ?? session.attemptedUsername ?? session.request.loginHint,
            loginWithEmailAllowed: realm.loginWithEmailAllowed,
            error,
          }),
        );
      return html(
        c,
        otpPage({
          realmName: realm.name,
          action: actionUrl(c, double, session, 'authenticate', OTP_FORM),
          username: user?.username ?? '',
          error,
        }),
      );
    case 'required-action':
      if (action.action === CONFIGURE_TOTP && user)
        return configureTotp(c, double, session, user.username, error);
      // Only CONFIGURE_TOTP is modelled; any other required action is refused rather than silently skipped.
      return html(
        c,
        errorPage(
          realm.name,
          `The Keycloak test double does not model the required action ${action.action}.`,
        ),
        501,
      );
    case 'failed':
      realm.recordEvent({
        ...loginEventBase(c, session, double),
        type: 'LOGIN_ERROR',
        error: 'invalid_user_credentials',
      });
      return html(c, errorPage(realm.name, MESSAGES.acrNotFulfilled), 400);
    case 'done':
      if (!user) return html(c, errorPage(realm.name, MESSAGES.loginTimeout), 400);
      return finishLogin(c, double, session, user);
  }
}

function configureTotp(
  c: Ctx,
  double: KeycloakDouble,
  session: AuthenticationSession,
  username: string,
  error?: PageMessage,
): Response {
  const policy = double.realm.otpPolicy;
  // Keycloak generates a 20-character secret and hands the app the Base32 of its bytes.
  session.totpSetupSecret ??= randomBytes(15).toString('base64url').slice(0, 20);
  const secret = session.totpSetupSecret;
  const base32Key = otpKeyForAuthenticatorApp(decodeOtpKey(secret, undefined));
  const uri = otpAuthUri({ realmName: double.realm.name, username, base32Key, policy });
  return html(
    c,
    configureTotpPage({
      realmName: double.realm.name,
      action: actionUrl(c, double, session, 'required-action', CONFIGURE_TOTP),
      base32Key,
      secret,
      qrSvg: qrCodeSvg(uri),
      policy,
      error,
    }),
  );
}

function findAuthSession(c: Ctx, double: KeycloakDouble): AuthenticationSession | undefined {
  const tabId = new URL(c.req.url).searchParams.get('tab_id');
  const session = tabId !== null ? loginStore(double).authSessions.get(tabId) : undefined;
  if (!session || session.rootId !== readAuthSessionRootId(c)) return undefined;
  if (now(double) > session.createdAt + double.realm.lifetimes.accessCodeLifespanLogin) return undefined;
  return session;
}

/**
 * The username/password form (AbstractUsernameFormAuthenticator.validateUserAndPassword): the user, brute-force
 * lockout, password, enabled — in Keycloak's order, each failure a LOGIN_ERROR.
 */
function passwordStep(
  c: Ctx,
  double: KeycloakDouble,
  session: AuthenticationSession,
  user: UserModel | undefined,
  form: URLSearchParams,
  base: ReturnType<typeof loginEventBase>,
): Promise<Response> | Response {
  const realm = double.realm;
  const username = (form.get('username') ?? '').trim();
  session.attemptedUsername = username;
  const found = realm.userByLoginName(username);
  const candidate = found && (user === undefined || found.id === user.id) ? found : undefined;
  if (!candidate) {
    realm.recordEvent({
      ...base,
      type: 'LOGIN_ERROR',
      error: 'user_not_found',
      details: { ...base.details, username },
    });
    return proceed(c, double, session, user, { message: MESSAGES.invalidUser, field: 'username' });
  }
  // A locked-out user is refused before the password is looked at, and the attempt counts nothing
  // (AbstractUsernameFormAuthenticator.validatePassword → isDisabledByBruteForce).
  const protector = loginStore(double).bruteForce;
  if (protector.isLocked(realm.bruteForce, candidate.id, double.clock.now())) {
    realm.recordEvent({
      ...base,
      type: 'LOGIN_ERROR',
      userId: candidate.id,
      error: 'user_temporarily_disabled',
      details: { ...base.details, username },
    });
    return proceed(c, double, session, user, { message: MESSAGES.invalidUser, field: 'username' });
  }
  // Password first, then the enabled check (AbstractUsernameFormAuthenticator.validateUserAndPassword).
  if (candidate.password === undefined || candidate.password !== (form.get('password') ?? '')) {
    const outcome = protector.failed(realm.bruteForce, candidate.id, double.clock.now());
    recordLockout(double, candidate, outcome, c.get('ipAddress'));
    realm.recordEvent({
      ...base,
      type: 'LOGIN_ERROR',
      userId: candidate.id,
      error: 'invalid_user_credentials',
      details: { ...base.details, username },
    });
    return proceed(c, double, session, user, { message: MESSAGES.invalidUser, field: 'password' });
  }
  // A disabled user's message is an alert of the page, not a field error.
  if (!candidate.enabled) {
    realm.recordEvent({
      ...base,
      type: 'LOGIN_ERROR',
      userId: candidate.id,
      error: 'user_disabled',
      details: { ...base.details, username },
    });
    return proceed(c, double, session, user, { message: MESSAGES.accountDisabled });
  }
  protector.succeeded(candidate.id);
  session.userId = candidate.id;
  authenticatorSucceeded(session, 'pwd');
  return proceed(c, double, session, candidate);
}

/**
 * The events of a lockout (DefaultBruteForceProtector.sendEvent): details reason, num_failures and, for a temporary
 * one, not_before (local date-time); a permanent lockout disables the user.
 */
function recordLockout(
  double: KeycloakDouble,
  user: UserModel,
  outcome: FailureOutcome | undefined,
  ipAddress: string,
): void {
  if (!outcome) return;
  const details = { reason: 'brute_force_attack detected', num_failures: String(outcome.failures) };
  if (outcome.temporaryLockout)
    double.realm.recordEvent({
      type: 'USER_DISABLED_BY_TEMPORARY_LOCKOUT',
      userId: user.id,
      ipAddress,
      details: { ...details, not_before: localDateTime(outcome.temporaryLockout.notBeforeMs) },
    });
  if (outcome.permanentLockout) {
    user.enabled = false;
    double.realm.recordEvent({
      type: 'USER_DISABLED_BY_PERMANENT_LOCKOUT',
      userId: user.id,
      ipAddress,
      details,
    });
  }
}

/** LocalDateTime.toString() in the server's zone (the double's is the test's): seconds only when not zero. */
function localDateTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  const seconds = date.getSeconds() === 0 ? '' : `:${pad(date.getSeconds())}`;
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}${seconds}`;
}

/**
 * GET|POST /realms/{realm}/login-actions/reset-credentials (LoginActionsService.resetCredentialsGET and
 * resetCredentials): with resetPasswordAllowed false Keycloak answers 400 "Reset Credential not allowed" and
 * records RESET_PASSWORD_ERROR not_allowed. The reset flow itself is not modelled.
 */
export function handleResetCredentials(c: Ctx, double: KeycloakDouble): Response {
  const realm = double.realm;
  if (realm.resetPasswordAllowed)
    return html(
      c,
      errorPage(realm.name, 'The Keycloak test double does not model the reset-credentials flow.'),
      501,
    );
  realm.recordEvent({
    type: 'RESET_PASSWORD_ERROR',
    ipAddress: c.get('ipAddress'),
    error: 'not_allowed',
    details: {},
  });
  return html(c, errorPage(realm.name, MESSAGES.resetCredentialNotAllowed), 400);
}

/** POST /realms/{realm}/login-actions/authenticate */
export async function handleAuthenticate(c: Ctx, double: KeycloakDouble): Promise<Response> {
  const realm = double.realm;
  const session = findAuthSession(c, double);
  if (!session) return html(c, errorPage(realm.name, MESSAGES.loginTimeout), 400);
  const form = new URLSearchParams(await c.req.text());
  const user = session.userId !== undefined ? realm.users.get(session.userId) : undefined;
  const action = advanceFlow(realm, session, user, now(double));
  if (c.req.method === 'GET' || action.kind !== 'form') return proceed(c, double, session, user);
  const base = loginEventBase(c, session, double);

  if (action.authenticator === PASSWORD_FORM) return passwordStep(c, double, session, user, form, base);

  if (!user) return html(c, errorPage(realm.name, MESSAGES.loginTimeout), 400);
  const code = form.get('otp') ?? '';
  if (
    code.trim() === '' ||
    !verifyTotp(user.otpCredentials, code, realm.otpPolicy, loginStore(double).usedOtpCodes, now(double))
  ) {
    realm.recordEvent({
      ...base,
      type: 'LOGIN_ERROR',
      userId: user.id,
      error: 'invalid_user_credentials',
      details: { ...base.details, username: user.username },
    });
    return proceed(c, double, session, user, { message: MESSAGES.invalidTotp, field: 'otp' });
  }
  authenticatorSucceeded(session, 'otp');
  return proceed(c, double, session, user);
}

/** POST /realms/{realm}/login-actions/required-action (CONFIGURE_TOTP) */
export async function handleRequiredAction(c: Ctx, double: KeycloakDouble): Promise<Response> {
  const realm = double.realm;
  const session = findAuthSession(c, double);
  const user = session?.userId !== undefined ? realm.users.get(session.userId) : undefined;
  if (!session || !user || session.totpSetupSecret === undefined)
    return html(c, errorPage(realm.name, MESSAGES.loginTimeout), 400);
  const form = new URLSearchParams(await c.req.text());
  const code = (form.get('totp') ?? '').trim();
  const label = (form.get('userLabel') ?? '').trim();
  if (code === '') return proceed(c, double, session, user, { message: MESSAGES.missingTotp, field: 'totp' });
  const policy = realm.otpPolicy;
  const credential = {
    id: randomUUID(),
    createdDate: double.clock.now(),
    key: decodeOtpKey(session.totpSetupSecret, undefined),
    algorithm: policy.algorithm,
    digits: policy.digits,
    period: policy.period,
    ...(label !== '' ? { userLabel: label } : {}),
  };
  if (!verifyTotp([credential], code, policy, loginStore(double).usedOtpCodes, now(double)))
    return proceed(c, double, session, user, { message: MESSAGES.invalidTotp, field: 'totp' });
  user.otpCredentials.push(credential);
  user.requiredActions = user.requiredActions.filter((a) => a !== CONFIGURE_TOTP);
  session.pendingRequiredActions = session.pendingRequiredActions.filter((a) => a !== CONFIGURE_TOTP);
  delete session.totpSetupSecret;
  realm.recordEvent({ ...loginEventBase(c, session, double), type: 'UPDATE_TOTP', userId: user.id });
  return proceed(c, double, session, user);
}

/** The SSO session the login ends in (the one it joined, if still valid, else a new one), with this client's session. */
function userSessionForLogin(
  double: KeycloakDouble,
  session: AuthenticationSession,
  user: UserModel,
  client: ClientModel,
  nowSeconds: number,
): UserSession {
  const realm = double.realm;
  const store = loginStore(double);
  const existing =
    session.userSessionId !== undefined ? store.userSessions.get(session.userSessionId) : undefined;
  const userSession =
    existing && existing.userId === user.id && isUserSessionValid(existing, realm.lifetimes, nowSeconds)
      ? existing
      : store.newUserSession(user.id, nowSeconds);
  if (!session.sso) userSession.authTime = nowSeconds;
  userSession.lastRefresh = nowSeconds;
  userSession.loaMap = new Map(session.loaMap);
  const request = session.request;
  userSession.clientSessions.set(client.id, {
    clientUuid: client.id,
    loa: session.currentLoa,
    sso: session.sso,
    acr: acrClaim(realm, client, session.currentLoa, session.sso, {
      claims: request.claims,
      acrValues: request.acrValues,
    }),
    scope: request.scope,
    claims: request.claims,
    acrValues: request.acrValues,
  });
  return userSession;
}

/** A one-time authorization code bound to the SSO session, the client and what the request asked for. */
function issueCode(
  double: KeycloakDouble,
  request: AuthorizationRequest,
  userSession: UserSession,
  clientUuid: string,
  nowSeconds: number,
): string {
  const code = `${randomUUID()}.${userSession.id}.${clientUuid}`;
  loginStore(double).codes.set(code, {
    code,
    clientUuid,
    userSessionId: userSession.id,
    redirectUriParam: request.redirectUriParam,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
    nonce: request.nonce,
    scope: request.scope,
    expiresAt: nowSeconds + double.realm.lifetimes.accessCodeLifespan,
    used: false,
  });
  return code;
}

/** The end of a successful flow: SSO session, client session, code, cookies, redirect to the client. */
async function finishLogin(
  c: Ctx,
  double: KeycloakDouble,
  session: AuthenticationSession,
  user: UserModel,
): Promise<Response> {
  const realm = double.realm;
  const nowSeconds = now(double);
  const client = realm.clients.get(session.request.clientUuid);
  if (!client) return html(c, errorPage(realm.name, MESSAGES.clientNotFound), 400);
  const userSession = userSessionForLogin(double, session, user, client, nowSeconds);
  const request = session.request;
  const code = issueCode(double, request, userSession, client.id, nowSeconds);
  loginStore(double).authSessions.delete(session.tabId);
  await setIdentityCookies(c, double, userSession, nowSeconds);
  const base = loginEventBase(c, session, double);
  realm.recordEvent({
    ...base,
    type: 'LOGIN',
    userId: user.id,
    sessionId: userSession.id,
    details: {
      ...base.details,
      username: user.username,
      code_id: userSession.id,
      consent: 'no_consent_required',
    },
  });
  // Parameters of the redirect: one left out is not sent.
  const response = authorizationResponse(request.redirectUri, request.responseMode, {
    ...(request.state !== undefined ? { state: request.state } : {}),
    session_state: userSession.id,
    iss: c.get('issuer'),
    code,
  });
  // Cookies set on the context must travel with the response built here.
  for (const cookie of c.res.headers.getSetCookie()) response.headers.append('set-cookie', cookie);
  return response;
}
