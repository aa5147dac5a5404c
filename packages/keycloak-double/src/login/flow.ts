// The browser flow as the double runs it. With Level-of-Authentication steps (realm.loaSteps, read from the
// imported browser flow) each step is a conditional sub-flow guarded like ConditionalLoaAuthenticator.matchCondition
// and completed like its onParentFlowSuccess. Without LoA steps it is Keycloak's default
// browser flow: username/password, then OTP only for users who have an OTP credential.
import type { RealmState } from '../model/realm.ts';
import type { UserModel } from '../model/types.ts';
import { MINIMUM_LOA, NO_LOA } from './loa.ts';
import type { AuthenticationSession } from './sessions.ts';

export const PASSWORD_FORM = 'auth-username-password-form';
export const OTP_FORM = 'auth-otp-form';
/** The default flow's conditional OTP (conditional-user-configured + auth-otp-form). */
const CONDITIONAL_OTP = 'conditional-otp';
export const CONFIGURE_TOTP = 'CONFIGURE_TOTP';

interface FlowStep {
  /** undefined for the default flow, which has no level conditions. */
  level: number | undefined;
  maxAge: number;
  authenticators: string[];
}

export function flowSteps(realm: RealmState): FlowStep[] {
  if (realm.loaSteps.length > 0) return realm.loaSteps;
  return [{ level: undefined, maxAge: 0, authenticators: [PASSWORD_FORM, CONDITIONAL_OTP] }];
}

export type FlowAction =
  | { kind: 'form'; authenticator: typeof PASSWORD_FORM | typeof OTP_FORM }
  | { kind: 'required-action'; action: string }
  | { kind: 'done' }
  | { kind: 'failed'; message: 'acr-not-fulfilled' };

/** AcrStore.isLevelAuthenticatedInPreviousAuth. */
function authenticatedBefore(
  session: AuthenticationSession,
  level: number,
  maxAge: number,
  nowSeconds: number,
): boolean {
  if (session.request.forceReauthentication) return false;
  const at = session.loaMap.get(level);
  return at !== undefined && at + maxAge >= nowSeconds;
}

/** ConditionalLoaAuthenticator.matchCondition (may lift currentLoa to a still-valid earlier level). */
function stepRuns(session: AuthenticationSession, step: FlowStep, nowSeconds: number): boolean {
  if (step.level === undefined) return true;
  if (session.currentLoa < MINIMUM_LOA) return true;
  if (session.request.requestedLoa < step.level) return false;
  if (authenticatedBefore(session, step.level, step.maxAge, nowSeconds)) {
    if (session.currentLoa < step.level) session.currentLoa = step.level;
    return false;
  }
  return true;
}

/** ConditionalLoaAuthenticator.onParentFlowSuccess: max age 0 counts for this login only. */
function completeStep(session: AuthenticationSession, step: FlowStep, nowSeconds: number): void {
  if (step.level === undefined) return;
  session.currentLoa = step.level;
  if (step.maxAge > 0) session.loaMap.set(step.level, nowSeconds);
}

/**
 * Moves the flow forward past everything that needs no input and says what the browser must do next.
 * `user` is the user identified so far (after the password step, or from the SSO cookie on step-up).
 */
export function advanceFlow(
  realm: RealmState,
  session: AuthenticationSession,
  user: UserModel | undefined,
  nowSeconds: number,
): FlowAction {
  const steps = flowSteps(realm);
  for (;;) {
    const step = steps[session.stepIndex];
    if (step === undefined) break;
    if (!session.stepEntered) {
      if (!stepRuns(session, step, nowSeconds)) {
        session.stepIndex += 1;
        continue;
      }
      session.stepEntered = true;
      session.authenticatorIndex = 0;
    }
    const authenticator = step.authenticators[session.authenticatorIndex];
    if (authenticator === undefined) {
      completeStep(session, step, nowSeconds);
      session.stepIndex += 1;
      session.stepEntered = false;
      continue;
    }
    if (authenticator === PASSWORD_FORM) return { kind: 'form', authenticator: PASSWORD_FORM };
    if ((authenticator === OTP_FORM || authenticator === CONDITIONAL_OTP) && user) {
      if (user.otpCredentials.length > 0) return { kind: 'form', authenticator: OTP_FORM };
      // A REQUIRED OTP form for a user without OTP: Keycloak marks it SETUP_REQUIRED and adds CONFIGURE_TOTP
      // (DefaultAuthenticationFlow); the conditional one of the default flow is simply skipped.
      if (authenticator === OTP_FORM && !session.pendingRequiredActions.includes(CONFIGURE_TOTP))
        session.pendingRequiredActions.push(CONFIGURE_TOTP);
    }
    // Authenticators the double does not model (and OTP before a user is known) are passed over.
    session.authenticatorIndex += 1;
  }
  if (session.request.forcedLoa && session.currentLoa < session.request.requestedLoa)
    return { kind: 'failed', message: 'acr-not-fulfilled' };
  const required = [...session.pendingRequiredActions, ...(user?.requiredActions ?? [])];
  const next = required[0];
  if (next !== undefined) return { kind: 'required-action', action: next };
  return { kind: 'done' };
}

/** Marks the authenticator the browser just passed as done. */
export function authenticatorSucceeded(session: AuthenticationSession, method: string): void {
  session.authenticatorIndex += 1;
  session.methods.push(method);
}

/** AcrStore.getHighestAuthenticatedLevelFromPreviousAuthentication: what an SSO session still proves. */
export function highestPreviousLevel(
  realm: RealmState,
  loaMap: Map<number, number>,
  nowSeconds: number,
): number {
  if (loaMap.size === 0) return NO_LOA;
  const maxAges = new Map(realm.loaSteps.map((step) => [step.level, step.maxAge]));
  let level = MINIMUM_LOA;
  for (const [candidate, at] of [...loaMap.entries()].sort((a, b) => a[0] - b[0])) {
    if (nowSeconds <= at + (maxAges.get(candidate) ?? 0)) level = candidate;
    else break;
  }
  return level;
}
