// The console's pages as URL paths: each page's pattern (what the console's router matches) and a builder
// that makes a link from the page's parameters. The console links with the builders and the sidecar's mails
// link to the same pages with them, so each address is spelled once. Fixed: mails already sent link here.

/** One page of the console: its router pattern and how to build a link to it. */
/** `Params` is undefined for a page without parameters. */
export interface ConsolePage<Params extends Record<string, string> | undefined = undefined> {
  /** The react-router path pattern, e.g. `/applications/:clientId`. */
  readonly pattern: string;
  /** The page's path (without the console's origin), its parameters URL-encoded. */
  to(...params: Params extends undefined ? [] : [Params]): string;
}

/** The pattern with each `:name` replaced by its URL-encoded parameter. */
function fillPattern(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    // A bug, not input: the builders' types require every parameter.
    if (value === undefined) throw new RangeError(`${pattern} needs the parameter ${name}.`);
    return encodeURIComponent(value);
  });
}

function consolePage<Params extends Record<string, string> | undefined = undefined>(
  pattern: string,
): ConsolePage<Params> {
  return { pattern, to: (...params) => fillPattern(pattern, params[0] ?? {}) };
}

/** The applications the user manages: the console's start page. */
export const applicationsPage = consolePage('/');

/** One application: its secrets, managers and audit trail. */
export const applicationPage = consolePage<{ clientId: string }>('/applications/:clientId');

/** The operator's form for a new application. */
export const createApplicationPage = consolePage('/operator/applications/new');

/** The operator's overview of every application. */
export const overviewPage = consolePage('/operator/overview');
