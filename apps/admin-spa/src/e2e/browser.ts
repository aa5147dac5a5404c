// Debian's Chromium driven by playwright-core, and what the tests watch on every page: Content-Security-Policy
// violations (console reports and `securitypolicyviolation` events) and the requests a page sends to the API.
import type { Page } from 'playwright-core';

export { launchChromium } from '@credman/keycloak-double/chromium';

export interface ApiRequest {
  method: string;
  path: string;
  /** Whether it carried a bearer token: the console's own data calls, as opposed to its bootstrap. */
  authenticated: boolean;
}

export interface PageWatch {
  /** Every CSP violation seen, as "<page url>: <what was blocked>". */
  cspViolations: string[];
  apiRequests: ApiRequest[];
  /** Files of the build the page fetched (`assets/…`), in order: what a view really downloads. */
  assets: string[];
}

/** Starts watching a page; call before its first navigation so nothing is missed. */
export async function watchPage(page: Page, consoleOrigin: string): Promise<PageWatch> {
  const watch: PageWatch = { cspViolations: [], apiRequests: [], assets: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      watch.cspViolations.push(`${page.url()}: ${message.text()}`);
    }
  });
  await page.exposeFunction('credmanReportCspViolation', (report: string) => {
    watch.cspViolations.push(report);
  });
  // Init scripts are injected by the driver, not as inline <script>, so the page's CSP does not block them.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { credmanReportCspViolation: (text: string) => void })
        .credmanReportCspViolation;
      report(`${event.documentURI}: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== consoleOrigin) return;
    if (url.pathname.startsWith('/assets/')) watch.assets.push(url.pathname.slice(1));
    if (!url.pathname.startsWith('/api/')) return;
    watch.apiRequests.push({
      method: request.method(),
      path: url.pathname + url.search,
      authenticated: request.headers().authorization?.startsWith('Bearer ') === true,
    });
  });
  return watch;
}
