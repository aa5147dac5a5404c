// The double's login pages: HTML with the ids, field names and message markup of Keycloak's keycloak.v2
// login theme (login.ftl, login-otp.ftl, login-config-totp.ftl, field.ftl, template.ftl, error.ftl, info.ftl,
// logout-confirm.ftl), so that tools which drive Keycloak's pages drive these too, and its look: PatternFly's
// login layout and components (theme.ts serves the CSS; the pf-v5 classes Keycloak's markup carries stay for
// those tools, the pf-v6 ones style). Wording is ours except the
// messages users see in Keycloak (messages_en.properties), which tests match on. Every message, whether a field's
// error or a page-level alert, is the text of the one element with class kc-feedback-text, as in keycloak.v2.

import { themeHead } from './theme.ts';

/** Keycloak's English messages for the cases the double models. */
export const MESSAGES = {
  invalidUser: 'Invalid username or password.',
  accountDisabled: 'Account is disabled, contact your administrator.',
  invalidTotp: 'Invalid authenticator code.',
  missingTotp: 'Please specify authenticator code.',
  missingTotpDeviceName: 'Please specify device name.',
  clientNotFound: 'Client not found.',
  clientDisabled: 'Client disabled.',
  bearerOnly: 'Bearer-only applications are not allowed to initiate browser login.',
  loginTimeout: 'Your login attempt timed out. Login will start from the beginning.',
  acrNotFulfilled: 'Authentication requirements not fulfilled',
  resetCredentialNotAllowed: 'Reset Credential not allowed',
  invalidRedirectUri: 'Invalid redirect uri',
  loggedOut: 'You are logged out',
  sessionExpired: 'Session expired. Please close your browser and login again.',
  invalidParameter: (name: string) => `Invalid parameter: ${name}`,
  missingParameter: (name: string) => `Missing parameter: ${name}`,
} as const;

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function page(title: string, realmName: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${themeHead()}
</head>
<body id="keycloak-bg">
<div class="pf-v6-c-login"><div class="pf-v6-c-login__container">
<header id="kc-header" class="pf-v6-c-login__header"><p id="kc-header-wrapper">${escapeHtml(realmName)}</p></header>
<main id="kc-content" class="pf-v6-c-login__main">
<header class="pf-v6-c-login__main-header"><h1 id="kc-page-title" class="pf-v6-c-title pf-m-3xl">${escapeHtml(title)}</h1></header>
<div class="pf-v6-c-login__main-body">
${body}
</div>
</main>
</div></div>
</body>
</html>
`;
}

/** A text input as PatternFly wraps it. */
function control(input: string): string {
  return `<span class="pf-v6-c-form-control">${input}</span>`;
}

const PRIMARY_BUTTON = 'pf-v6-c-button pf-m-primary pf-m-block';

/** A message shown on a form page: a field's error, or a page-level alert when `field` is absent. */
export interface PageMessage {
  message: string;
  /** The input the error belongs to (messagesPerField); absent for a message of the whole page. */
  field?: string;
}

/** A page-level message as template.ftl shows it: an alert without id, text in .kc-feedback-text. */
function alert(type: 'danger' | 'warning', message: string): string {
  return `<div class="pf-v5-c-alert pf-v6-c-alert pf-m-inline pf-m-${type}">
<span class="pf-v5-c-alert__title kc-feedback-text">${escapeHtml(message)}</span>
</div>
`;
}

/** field.ftl's error container of an input: id input-error-<name>, text in .kc-feedback-text. */
function fieldError(name: string, message: string | undefined): string {
  const error =
    message === undefined
      ? ''
      : `<div class="pf-v5-c-form__helper-text pf-v6-c-form__helper-text" aria-live="polite"><div class="pf-v5-c-helper-text pf-v6-c-helper-text">
<div class="pf-v5-c-helper-text__item pf-v6-c-helper-text__item pf-m-error" id="input-error-${name}"><span class="pf-v5-c-helper-text__item-text pf-v6-c-helper-text__item-text pf-m-error kc-feedback-text">${escapeHtml(message)}</span></div>
</div></div>
`;
  return `<div id="input-error-container-${name}">
${error}</div>
`;
}

function pageAlert(error: PageMessage | undefined): string {
  return error !== undefined && error.field === undefined ? alert('danger', error.message) : '';
}

function errorOf(error: PageMessage | undefined, fields: string[]): string | undefined {
  return error?.field !== undefined && fields.includes(error.field) ? error.message : undefined;
}

function invalidAttribute(message: string | undefined): string {
  return message !== undefined ? ' aria-invalid="true"' : '';
}

export interface LoginPageInput {
  realmName: string;
  action: string;
  username?: string | undefined;
  /** login.ftl labels the input "Username" when the realm has login by e-mail off. */
  loginWithEmailAllowed?: boolean;
  error?: PageMessage | undefined;
}

export function loginPage(input: LoginPageInput): string {
  // login.ftl shows the first error of username or password under the username input.
  const error = errorOf(input.error, ['username', 'password']);
  return page(
    'Sign in to your account',
    input.realmName,
    `${pageAlert(input.error)}<form id="kc-form-login" class="pf-v6-c-form" action="${escapeHtml(input.action)}" method="post" novalidate="novalidate">
<div class="pf-v5-c-form__group pf-v6-c-form__group">
<label for="username" class="pf-v5-c-form__label pf-v6-c-form__label">${input.loginWithEmailAllowed === false ? 'Username' : 'Username or email'}</label>
${control(`<input id="username" name="username" type="text" value="${escapeHtml(input.username ?? '')}" autocomplete="username" autofocus${invalidAttribute(error)}>`)}
${fieldError('username', error)}</div>
<div class="pf-v5-c-form__group pf-v6-c-form__group">
<label for="password" class="pf-v5-c-form__label pf-v6-c-form__label">Password</label>
${control('<input id="password" name="password" type="password" autocomplete="current-password">')}
${fieldError('password', undefined)}</div>
<input type="hidden" id="id-hidden-input" name="credentialId">
<button id="kc-login" class="${PRIMARY_BUTTON}" name="login" type="submit">Sign In</button>
</form>`,
  );
}

export function otpPage(input: {
  realmName: string;
  action: string;
  username: string;
  error?: PageMessage | undefined;
}): string {
  const error = errorOf(input.error, ['otp', 'totp']);
  return page(
    'Sign In',
    input.realmName,
    // As template.ftl: the username being signed in is text on this step, not a field anyone can change.
    `${pageAlert(input.error)}<div id="kc-username" class="pf-v5-c-form__group pf-v6-c-form__group">
<span class="pf-v6-c-content">Signing in as</span> <span id="kc-attempted-username">${escapeHtml(input.username)}</span>
</div>
<form id="kc-otp-login-form" class="pf-v6-c-form" action="${escapeHtml(input.action)}" method="post">
<input type="hidden" id="selectedCredentialId" name="selectedCredentialId">
<div class="pf-v5-c-form__group pf-v6-c-form__group">
<label for="otp" class="pf-v5-c-form__label pf-v6-c-form__label">One-time code</label>
${control(`<input id="otp" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code" autofocus${invalidAttribute(error)}>`)}
${fieldError('otp', error)}</div>
<button id="kc-login" class="${PRIMARY_BUTTON}" name="login" type="submit">Sign In</button>
</form>`,
  );
}

/** login-config-totp.ftl writes its errors as a bare span: input-error-otp-code (totp), input-error-otp-label. */
function configureTotpError(id: string, message: string | undefined): string {
  return message === undefined
    ? ''
    : `<span id="${id}" class="pf-v5-c-helper-text__item-text pf-m-error kc-feedback-text" aria-live="polite">${escapeHtml(message)}</span>\n`;
}

export function configureTotpPage(input: {
  realmName: string;
  action: string;
  /** Base32 of the key, as an authenticator app takes it (shown in groups of four like TotpUtils.encode). */
  base32Key: string;
  secret: string;
  /** The key's otpauth:// URI as a QR code (SVG markup made by the caller from trusted input). */
  qrSvg: string;
  policy: { algorithm: string; digits: number; period: number };
  error?: PageMessage | undefined;
}): string {
  const grouped = input.base32Key.replace(/(.{4})(?=.)/g, '$1 ');
  const totpError = errorOf(input.error, ['totp']);
  const labelError = errorOf(input.error, ['userLabel']);
  // The page's warning is shown only while no field has an error (displayMessage of login-config-totp.ftl).
  const message =
    input.error === undefined
      ? alert('warning', 'You need to set up Mobile Authenticator to activate your account.')
      : pageAlert(input.error);
  return page(
    'Mobile Authenticator Setup',
    input.realmName,
    `${message}<ol id="kc-totp-settings" class="pf-v6-c-content">
<li><p class="instruction">Scan this QR code with your authenticator app (FreeOTP, Google Authenticator, Microsoft Authenticator, …):</p>
<div id="kc-totp-qr" role="img" aria-label="QR code of the authenticator key">${input.qrSvg}</div></li>
<li><p class="instruction">Unable to scan? Enter this key in the app instead:</p>
<p><span id="kc-totp-secret-key">${escapeHtml(grouped)}</span></p>
<ul id="kc-totp-policy">
<li id="kc-totp-type">Type: Time-based</li>
<li id="kc-totp-algorithm">Algorithm: ${escapeHtml(input.policy.algorithm)}</li>
<li id="kc-totp-digits">Digits: ${String(input.policy.digits)}</li>
<li id="kc-totp-period">Interval: ${String(input.policy.period)}</li>
</ul></li>
<li><p class="instruction">Enter the one-time code the app shows, and a name for the device, then submit.</p></li>
</ol>
<form id="kc-totp-settings-form" class="pf-v6-c-form" action="${escapeHtml(input.action)}" method="post" novalidate="novalidate">
<div class="pf-v5-c-form__group pf-v6-c-form__group">
<label for="totp" class="pf-v5-c-form__label pf-v6-c-form__label">One-time code</label>
${control(`<input id="totp" name="totp" type="text" inputmode="numeric" autocomplete="one-time-code"${invalidAttribute(totpError)}>`)}
${configureTotpError('input-error-otp-code', totpError)}<input type="hidden" id="totpSecret" name="totpSecret" value="${escapeHtml(input.secret)}">
</div>
<div class="pf-v5-c-form__group pf-v6-c-form__group">
<label for="userLabel" class="pf-v5-c-form__label pf-v6-c-form__label">Device Name</label>
${control(`<input id="userLabel" name="userLabel" type="text" autocomplete="off"${invalidAttribute(labelError)}>`)}
${configureTotpError('input-error-otp-label', labelError)}</div>
<input type="submit" id="saveTOTPBtn" class="${PRIMARY_BUTTON}" value="Submit">
</form>`,
  );
}

export function errorPage(realmName: string, message: string): string {
  return page(
    'We are sorry...',
    realmName,
    `<div id="kc-error-message">
<p class="instruction">${escapeHtml(message)}</p>
</div>`,
  );
}

export function infoPage(realmName: string, message: string): string {
  return page(
    message,
    realmName,
    `<div id="kc-info-message">\n<p class="instruction">${escapeHtml(message)}</p>\n</div>`,
  );
}

export function logoutConfirmPage(input: { realmName: string; action: string; sessionCode: string }): string {
  return page(
    'Logging out',
    input.realmName,
    `<div id="kc-logout-confirm">
<p class="instruction">Do you want to log out?</p>
<form action="${escapeHtml(input.action)}" method="post">
<input type="hidden" name="session_code" value="${escapeHtml(input.sessionCode)}">
<button id="kc-logout" class="${PRIMARY_BUTTON}" name="confirmLogout" type="submit" value="Logout">Logout</button>
</form>
</div>`,
  );
}
