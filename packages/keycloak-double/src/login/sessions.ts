// The browser-login state of one double: authentication sessions (a login in progress, per browser tab), user
// sessions (SSO, with their client sessions), authorization codes and used OTP codes. Kept beside the double
// rather than in RealmState because only the login module reads or writes it.
import { BruteForceProtector } from './brute-force.ts';
import { randomUUID } from 'node:crypto';
import type { KeycloakDouble } from '../double.ts';
import { UsedOtpCodes } from './totp.ts';

/** The parameters of an accepted authorization request that the rest of the login needs. */
export interface AuthorizationRequest {
  clientUuid: string;
  /** The redirect_uri parameter as sent (undefined when omitted), compared again at the code exchange. */
  redirectUriParam: string | undefined;
  redirectUri: string;
  responseMode: 'query' | 'fragment' | 'form_post';
  state?: string | undefined;
  nonce?: string | undefined;
  scope?: string | undefined;
  codeChallenge?: string | undefined;
  codeChallengeMethod?: string | undefined;
  claims?: string | undefined;
  acrValues?: string | undefined;
  loginHint?: string | undefined;
  /** Level requested by the client (AcrStore), NO_LOA when none. */
  requestedLoa: number;
  /** Essential acr in `claims`: the flow must reach the requested level. */
  forcedLoa: boolean;
  /** prompt=login or an elapsed max_age: earlier levels of the SSO session do not count. */
  forceReauthentication: boolean;
}

export interface AuthenticationSession {
  /** tab_id */
  tabId: string;
  /** AUTH_SESSION_ID (root authentication session). */
  rootId: string;
  createdAt: number;
  request: AuthorizationRequest;
  userId?: string;
  /** The username last typed into the login form, shown again with its error (ATTEMPTED_USERNAME). */
  attemptedUsername?: string;
  /** The SSO session this login continues (step-up), if any. */
  userSessionId?: string;
  /** Level reached in this authentication (AcrStore auth note LEVEL_OF_AUTHENTICATION). */
  currentLoa: number;
  /** level → epoch seconds of its authentication, to be kept in the user session (LOA_MAP). */
  loaMap: Map<number, number>;
  /** Position in the browser flow: index of the LoA step and of the authenticator inside it. */
  stepIndex: number;
  authenticatorIndex: number;
  /** True once the current step's condition was evaluated and it runs. */
  stepEntered: boolean;
  /** Required actions to run after the flow (e.g. CONFIGURE_TOTP for a user without OTP at level 2). */
  pendingRequiredActions: string[];
  /** Authentication methods used (amr-like, for events and tests). */
  methods: string[];
  /** Set when the flow was completed by the SSO cookie alone. */
  sso: boolean;
  /** A TOTP secret offered on the CONFIGURE_TOTP page, until the user confirms it. */
  totpSetupSecret?: string;
}

export interface ClientSession {
  clientUuid: string;
  /** Level of the authentication that created or last refreshed this client session. */
  loa: number;
  acr: string;
  sso: boolean;
  scope?: string | undefined;
  claims?: string | undefined;
  acrValues?: string | undefined;
  /** With revokeRefreshToken: how often each refresh token was used. */
  refreshUses?: Map<string, number>;
}

export interface UserSession {
  id: string;
  userId: string;
  /** Epoch seconds. */
  started: number;
  lastRefresh: number;
  authTime: number;
  /** LOA_MAP note: level → epoch seconds of authentication, only for levels with a max age above 0. */
  loaMap: Map<number, number>;
  clientSessions: Map<string, ClientSession>;
}

export interface AuthorizationCode {
  code: string;
  clientUuid: string;
  userSessionId: string;
  redirectUriParam: string | undefined;
  codeChallenge?: string | undefined;
  codeChallengeMethod?: string | undefined;
  nonce?: string | undefined;
  scope?: string | undefined;
  /** Epoch seconds. */
  expiresAt: number;
  used: boolean;
}

export class LoginStore {
  readonly authSessions = new Map<string, AuthenticationSession>();
  readonly userSessions = new Map<string, UserSession>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly usedOtpCodes = new UsedOtpCodes();
  readonly bruteForce = new BruteForceProtector();

  newUserSession(userId: string, nowSeconds: number): UserSession {
    const session: UserSession = {
      id: randomUUID(),
      userId,
      started: nowSeconds,
      lastRefresh: nowSeconds,
      authTime: nowSeconds,
      loaMap: new Map(),
      clientSessions: new Map(),
    };
    this.userSessions.set(session.id, session);
    return session;
  }

  removeUserSession(id: string): void {
    this.userSessions.delete(id);
    for (const [code, entry] of this.codes) if (entry.userSessionId === id) this.codes.delete(code);
  }
}

const stores = new WeakMap<KeycloakDouble, LoginStore>();

export function loginStore(double: KeycloakDouble): LoginStore {
  let store = stores.get(double);
  if (!store) {
    store = new LoginStore();
    stores.set(double, store);
  }
  return store;
}

/** AuthenticationManager.isSessionValid: within the SSO idle timeout and the SSO max lifespan. */
export function isUserSessionValid(
  session: UserSession | undefined,
  lifetimes: { ssoSessionIdleTimeout: number; ssoSessionMaxLifespan: number },
  nowSeconds: number,
): session is UserSession {
  if (!session) return false;
  return (
    session.lastRefresh + lifetimes.ssoSessionIdleTimeout > nowSeconds &&
    session.started + lifetimes.ssoSessionMaxLifespan > nowSeconds
  );
}
