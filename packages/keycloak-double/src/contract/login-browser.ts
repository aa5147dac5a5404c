// A browser without a browser, for the login contract tests: plain fetch, a cookie jar, manual redirects and
// HTML form parsing by the ids Keycloak's keycloak.v2 login pages use (form ids kc-form-login, kc-otp-login-form,
// kc-totp-settings-form; input names username, password, otp, totp, userLabel). Works the same against the double
// and a real Keycloak.
import { generateSync } from 'otplib';

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  host: string;
}

export class CookieJar {
  private readonly cookies: StoredCookie[] = [];

  store(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const pathAttribute = attributes.find((a) => a.toLowerCase().startsWith('path='));
      const path = pathAttribute?.slice(5) ?? '/';
      const expired = attributes.some(
        (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()),
      );
      const index = this.cookies.findIndex(
        (c) => c.name === name && c.path === path && c.host === url.hostname,
      );
      if (index >= 0) this.cookies.splice(index, 1);
      if (!expired) this.cookies.push({ name, value, path, host: url.hostname });
    }
  }

  header(url: URL): string {
    return this.cookies
      .filter((c) => c.host === url.hostname && url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

export interface Page {
  status: number;
  url: URL;
  html: string;
  /** Location of a redirect that left the identity provider (the client's redirect URI), if any. */
  redirect?: URL;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** The action URL of the form with this id, or undefined when the page has no such form. */
export function formAction(html: string, formId: string): string | undefined {
  const tag = new RegExp(`<form[^>]*\\bid="${formId}"[^>]*>`).exec(html)?.[0];
  const action = tag !== undefined ? /\baction="([^"]*)"/.exec(tag)?.[1] : undefined;
  return action !== undefined ? decodeEntities(action) : undefined;
}

/** The text inside the element that starts at `start` (through nested tags), trimmed and decoded. */
function textFrom(html: string, start: number): string | undefined {
  const text = /^[^>]*>(?:\s*<[^>]+>)*([^<]*)</.exec(html.slice(start))?.[1];
  return text !== undefined ? decodeEntities(text.trim()) : undefined;
}

/**
 * The error Keycloak shows under one input (keycloak.v2 field.ftl): the element with id="input-error-<suffix>".
 * Suffixes: `username` on the login form (errors of username and password both show there), `otp` on the OTP
 * form, `otp-code` and `otp-label` on the CONFIGURE_TOTP form.
 */
export function inputError(html: string, suffix: string): string | undefined {
  const start = html.search(new RegExp(`\\bid="input-error-${suffix}"`));
  return start >= 0 ? textFrom(html, start) : undefined;
}

/**
 * The page's one message, wherever keycloak.v2 shows it: the element with class kc-feedback-text, a field's error
 * as well as a page-level alert (e.g. "Account is disabled, contact your administrator.").
 */
export function feedbackMessage(html: string): string | undefined {
  const start = html.search(/\bclass="[^"]*\bkc-feedback-text\b/);
  return start >= 0 ? textFrom(html, start) : undefined;
}

export class HeadlessBrowser {
  readonly jar = new CookieJar();
  private readonly idpOrigin: string;

  constructor(idpOrigin: string) {
    this.idpOrigin = idpOrigin;
  }

  /** Requests a URL and follows redirects while they stay on the identity provider. */
  async open(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    let current = new URL(url);
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hops = 0; hops < 10; hops += 1) {
      const headers: Record<string, string> = { cookie: this.jar.header(current) };
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(current, { method, headers, body: body ?? null, redirect: 'manual' });
      this.jar.store(current, response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        const next = new URL(location, current);
        await response.body?.cancel();
        if (next.origin !== this.idpOrigin)
          return { status: response.status, url: current, html: '', redirect: next };
        current = next;
        method = 'GET';
        body = undefined;
        continue;
      }
      return { status: response.status, url: current, html: await response.text() };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  async submit(page: Page, formId: string, fields: Record<string, string>): Promise<Page> {
    const action = formAction(page.html, formId);
    if (action === undefined)
      throw new Error(`no form #${formId} on ${page.url.href} (status ${String(page.status)})`);
    return this.open(new URL(action, page.url).href, { method: 'POST', form: fields });
  }
}

/** Keycloak's message for a refused one-time code. */
const INVALID_CODE = 'Invalid authenticator code.';

/**
 * Submits the OTP form with codes from `nextCode` until one is accepted, at most three times. A code can be
 * refused although right: Keycloak accepts each code once per user, and another login of the same user (an earlier
 * run against the same server, a parallel test) may have used it. Retries wait a second, because two failed logins
 * of one user within a second trip the realm's brute-force detection; the login that then succeeds clears the
 * failures. Returns the last page: a redirect when the login went through.
 */
export async function submitTotp(
  browser: HeadlessBrowser,
  otpPage: Page,
  nextCode: () => string,
): Promise<Page> {
  let page = otpPage;
  for (let attempt = 1; ; attempt += 1) {
    const done = await browser.submit(page, 'kc-otp-login-form', { otp: nextCode() });
    if (done.redirect !== undefined || attempt === 3 || inputError(done.html, 'otp') !== INVALID_CODE)
      return done;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    page = done;
  }
}

/**
 * TOTP codes for a raw-string secret (Keycloak uses the UTF-8 bytes as the key). Each call returns a code that
 * was not handed out before, taken from the current, next or previous 30 s step: the realm's look-ahead window
 * accepts all three, and Keycloak refuses a reused code.
 */
export function totpSource(secret: string, now: () => number): () => string {
  const handedOut = new Set<string>();
  const key = new TextEncoder().encode(secret);
  return () => {
    const epoch = Math.floor(now() / 1000);
    for (const offset of [0, 30, -30]) {
      const code = generateSync({
        secret: key,
        epoch: epoch + offset,
        period: 30,
        digits: 6,
        algorithm: 'sha1',
      });
      if (!handedOut.has(code)) {
        handedOut.add(code);
        return code;
      }
    }
    throw new Error('no unused TOTP code left in the window; advance time by one period');
  };
}
