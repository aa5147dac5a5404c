// The kinds of Keycloak Admin API requests the reminder benchmark reports (its budget counts list calls and
// writes separately from the reads an application with due notices needs:
// docs/architecture.md#benchmarks-and-budgets).
export interface AdminCallCounts {
  /** GET /clients?search=true&first=…&max=… (or the extension's GET /credman/clients): the scan's pages. */
  list: number;
  /** GET /clients?clientId=… without search: a lookup of one client by its exact clientId. */
  lookup: number;
  /** GET /clients/{id}. */
  clientRead: number;
  /** PUT /clients/{id}. */
  put: number;
  /** Anything under /clients/{id}/roles: role holders, groups with the role, claim roles (create/read/delete). */
  role: number;
  /** The extension's `records-batch`: POST /credman/claims and PUT /credman/records, one each per page. */
  batch: number;
  other: number;
}
export type AdminCallKind = keyof AdminCallCounts;

export interface DoubleStats {
  calls: AdminCallCounts;
  /** Time spent answering the Admin API requests by kind, ms (handler durations, overlapping ones counted each). */
  handlerMs: AdminCallCounts;
  /** CPU time (user + system) of the double's process so far, ms. */
  cpuMs: number;
  /** Peak resident set of the double's process, in kilobytes (process.resourceUsage().maxRSS). */
  maxRssKb: number;
  /** Mails the SMTP server in the same child process has accepted so far. */
  mailsReceived: number;
}

export function emptyCallCounts(): AdminCallCounts {
  return { list: 0, lookup: 0, clientRead: 0, put: 0, role: 0, batch: 0, other: 0 };
}

export function adminCallKind(method: string, url: URL): AdminCallKind {
  const path = url.pathname.replace(/^\/admin\/realms\/[^/]+/, '');
  if (/^\/credman\/clients\/?$/.test(path) && method === 'GET') return 'list';
  if (/^\/clients\/?$/.test(path) && method === 'GET')
    return url.searchParams.get('search') === 'true' || url.searchParams.has('first') ? 'list' : 'lookup';
  if (/^\/clients\/[^/]+\/roles(\/|$)/.test(path)) return 'role';
  if (/^\/credman\/(claims|records)$/.test(path)) return 'batch';
  if (/^\/clients\/[^/]+$/.test(path)) {
    if (method === 'GET') return 'clientRead';
    if (method === 'PUT') return 'put';
  }
  return 'other';
}

export function cpuMs(usage: NodeJS.CpuUsage = process.cpuUsage()): number {
  return (usage.user + usage.system) / 1000;
}

export function subtractCounts(after: AdminCallCounts, before: AdminCallCounts): AdminCallCounts {
  const diff = emptyCallCounts();
  for (const kind of Object.keys(diff) as AdminCallKind[]) diff[kind] = after[kind] - before[kind];
  return diff;
}

export function totalCalls(counts: AdminCallCounts): number {
  return (Object.keys(counts) as AdminCallKind[]).reduce((sum, kind) => sum + counts[kind], 0);
}
