// The look of the double's login pages: Keycloak's keycloak.v2 theme is PatternFly, so the pages load
// PatternFly's own CSS (the version the console uses: @patternfly/react-core's base styles with their fonts, and
// the component styles of @patternfly/react-styles) from /resources/credman-double/, plus a few lines of ours.
// Everything is a file on this origin, so the pages' Content-Security-Policy needs no 'unsafe-inline': no inline
// style or script (the demo panel's countdown is a script file too, see demo-totp.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Context } from 'hono';
import type { RouteModule } from '../app.ts';

export const THEME_PATH = '/resources/credman-double';

/** Keycloak's login pages' policy, tightened: this origin only, no inline code, no framing. */
export const LOGIN_PAGE_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'; frame-ancestors 'self'; object-src 'none'; base-uri 'self'; form-action *";

const require = createRequire(import.meta.url);
const BASE_DIR = path.dirname(require.resolve('@patternfly/react-core/dist/styles/base.css'));
const COMPONENTS = [
  'Login',
  'Brand',
  'Title',
  'Content',
  'Form',
  'FormControl',
  'Button',
  'Alert',
  'HelperText',
];
const componentFile = (name: string) =>
  require.resolve(
    `@patternfly/react-styles/css/components/${name}/${name.replace(/[A-Z]/g, (c, i: number) => `${i === 0 ? '' : '-'}${c.toLowerCase()}`)}.css`,
  );

/** What PatternFly leaves to the page: the login card's width, the keycloak.v2 look of a few elements. */
const OWN_CSS = `
body#keycloak-bg { margin: 0; background: var(--pf-t--global--background--color--secondary--default); }
.pf-v6-c-login__main-body form, .kc-form { display: grid; gap: var(--pf-t--global--spacer--md); }
.pf-v5-c-alert__title { font-weight: var(--pf-t--global--font--weight--body--bold); }
#kc-header-wrapper { font-size: var(--pf-t--global--font--size--2xl); color: var(--pf-t--global--text--color--regular); text-transform: uppercase; letter-spacing: 0.05em; margin: 0; }
#kc-username { display: flex; align-items: center; gap: var(--pf-t--global--spacer--sm); }
#kc-attempted-username { font-weight: var(--pf-t--global--font--weight--body--bold); }
#kc-totp-qr svg, #kc-totp-qr img { width: 12rem; height: 12rem; display: block; }
#kc-totp-secret-key { font-family: var(--pf-t--global--font--family--mono); }
#demo-totp { margin-top: var(--pf-t--global--spacer--xl); padding: var(--pf-t--global--spacer--md); border: 3px dashed var(--pf-t--global--border--color--status--danger--default); background: var(--pf-t--global--background--color--primary--default); }
#demo-totp table { border-collapse: collapse; }
#demo-totp td, #demo-totp th { padding: 0.25rem 0.75rem; text-align: left; }
`;

let stylesheet: string | undefined;
function themeCss(): string {
  stylesheet ??= [...COMPONENTS.map((name) => readFileSync(componentFile(name), 'utf8')), OWN_CSS].join('\n');
  return stylesheet;
}

const CSS_HEADERS = { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' };

/** A file under PatternFly's styles folder (base.css and its fonts), never outside it. */
function baseFile(c: Context, relative: string): Response {
  const file = path.resolve(BASE_DIR, relative);
  const allowed =
    file === path.join(BASE_DIR, 'base.css') ||
    file.startsWith(path.join(BASE_DIR, 'assets', 'fonts') + path.sep);
  if (!allowed) return c.notFound() as Response;
  try {
    const body = readFileSync(file);
    const type = file.endsWith('.css') ? 'text/css; charset=utf-8' : 'font/woff2';
    return new Response(body, { headers: { 'content-type': type, 'cache-control': 'public, max-age=3600' } });
  } catch {
    return c.notFound() as Response;
  }
}

/** The icon of the double's pages (browsers ask for /favicon.ico on their own). */
export const DOUBLE_FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#4d5258"/><circle cx="11" cy="16" r="6" fill="none" stroke="#fff" stroke-width="3"/><path d="M17 16h11M24 16v5" stroke="#fff" stroke-width="3" stroke-linecap="round"/></svg>\n`;

/** The tags every page puts into its head. */
export function themeHead(): string {
  return `<link rel="icon" href="/favicon.ico" type="image/svg+xml">
<link rel="stylesheet" href="${THEME_PATH}/patternfly/base.css">
<link rel="stylesheet" href="${THEME_PATH}/login.css">`;
}

export const themeRoutes: RouteModule = (app) => {
  app.get(`${THEME_PATH}/login.css`, () => new Response(themeCss(), { headers: CSS_HEADERS }));
  app.get(`${THEME_PATH}/patternfly/*`, (c) =>
    baseFile(c, decodeURIComponent(c.req.path.slice(`${THEME_PATH}/patternfly/`.length))),
  );
  app.get(
    '/favicon.ico',
    () =>
      new Response(DOUBLE_FAVICON_SVG, {
        headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' },
      }),
  );
};
