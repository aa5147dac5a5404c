// The double's login pages: minimal HTML with the ids and field names of Keycloak's keycloak.v2 templates
// (reference Part 4 §3: login.ftl, login-otp.ftl, login-config-totp.ftl, error.ftl, logout-confirm.ftl, info.ftl),
// so that tools which drive Keycloak's pages drive these too. Wording is ours except the messages users see in
// Keycloak (messages_en.properties), which tests match on.

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
</head>
<body id="keycloak-bg">
<main id="kc-content">
<header id="kc-header"><p id="kc-header-wrapper">${escapeHtml(realmName)}</p></header>
<h1 id="kc-page-title">${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

function feedback(error: string | undefined): string {
  if (error === undefined) return '';
  return `<span id="input-error" class="kc-feedback-text pf-v5-c-helper-text__item-text" aria-live="polite">${escapeHtml(error)}</span>\n`;
}

export interface LoginPageInput {
  realmName: string;
  action: string;
  username?: string | undefined;
  error?: string | undefined;
}

export function loginPage(input: LoginPageInput): string {
  const invalid = input.error !== undefined ? ' aria-invalid="true"' : '';
  return page(
    'Sign in to your account',
    input.realmName,
    `<form id="kc-form-login" action="${escapeHtml(input.action)}" method="post" novalidate>
<div class="kc-form-group">
<label for="username" class="pf-v5-c-form__label">Username or email</label>
<input id="username" name="username" type="text" value="${escapeHtml(input.username ?? '')}" autocomplete="username" autofocus${invalid}>
</div>
<div class="kc-form-group">
<label for="password" class="pf-v5-c-form__label">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password"${invalid}>
</div>
${feedback(input.error)}<input type="hidden" id="id-hidden-input" name="credentialId">
<button id="kc-login" name="login" type="submit">Sign In</button>
</form>`,
  );
}

export function otpPage(input: { realmName: string; action: string; error?: string | undefined }): string {
  const invalid = input.error !== undefined ? ' aria-invalid="true"' : '';
  return page(
    'Sign in to your account',
    input.realmName,
    `<form id="kc-otp-login-form" action="${escapeHtml(input.action)}" method="post" novalidate>
<input type="hidden" id="selectedCredentialId" name="selectedCredentialId">
<div class="kc-form-group">
<label for="otp" class="pf-v5-c-form__label">One-time code</label>
<input id="otp" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code" autofocus${invalid}>
</div>
${feedback(input.error)}<button id="kc-login" name="login" type="submit">Sign In</button>
</form>`,
  );
}

export function configureTotpPage(input: {
  realmName: string;
  action: string;
  /** Base32 of the key, as an authenticator app takes it (shown in groups of four like TotpUtils.encode). */
  base32Key: string;
  secret: string;
  policy: { algorithm: string; digits: number; period: number };
  error?: string | undefined;
}): string {
  const grouped = input.base32Key.replace(/(.{4})(?=.)/g, '$1 ');
  return page(
    'Mobile Authenticator Setup',
    input.realmName,
    `<p class="instruction">You need to set up Mobile Authenticator to activate your account.</p>
<p class="instruction">Enter this key in your authenticator app:</p>
<p><span id="kc-totp-secret-key">${escapeHtml(grouped)}</span></p>
<ul id="kc-totp-policy">
<li id="kc-totp-type">Type: Time-based</li>
<li id="kc-totp-algorithm">Algorithm: ${escapeHtml(input.policy.algorithm)}</li>
<li id="kc-totp-digits">Digits: ${String(input.policy.digits)}</li>
<li id="kc-totp-period">Interval: ${String(input.policy.period)}</li>
</ul>
<form id="kc-totp-settings-form" action="${escapeHtml(input.action)}" method="post" novalidate>
<div class="kc-form-group">
<label for="totp" class="pf-v5-c-form__label">One-time code</label>
<input id="totp" name="totp" type="text" inputmode="numeric" autocomplete="off">
</div>
<input type="hidden" id="totpSecret" name="totpSecret" value="${escapeHtml(input.secret)}">
<div class="kc-form-group">
<label for="userLabel" class="pf-v5-c-form__label">Device Name</label>
<input id="userLabel" name="userLabel" type="text" autocomplete="off">
</div>
${feedback(input.error)}<button id="saveTOTPBtn" type="submit">Submit</button>
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
<button id="kc-logout" name="confirmLogout" type="submit" value="Logout">Logout</button>
</form>
</div>`,
  );
}
