// The scale benchmark's look at finding due applications on the real Keycloak (bench/scale.real.ts): stock
// Keycloak's attribute search (`GET /clients?q=credman.due:<value>`, a searchable attribute by start option), the
// extension's due index (`GET …/credman/clients?dueBy=`, paged as a scan would) at several bounds, and the
// PostgreSQL plan of the extension's due query. All as credman's own service account unless said otherwise.
import { performance } from 'node:perf_hooks';
import { adminRequest, psql } from '@credman/keycloak-real';
import type { KeycloakDatabase, ServerAdmin } from '@credman/keycloak-real';
import { DUE_ATTRIBUTE, decodeDue, encodeDue } from '@credman/sidecar/store/due-attribute';
import { processCpuMs } from './keycloak-stats-proxy.ts';
import { reminderApplication } from './seed-reminder-applications.ts';

/** The start option that makes `credman.due` searchable with `q=` on stock Keycloak (docs/operations.md). */
export const SEARCHABLE_DUE_ARG = `--spi-client--jpa--searchable-attributes=${DUE_ATTRIBUTE}`;

export interface Caller {
  url: string;
  realm: string;
  token: () => Promise<string>;
}

/** credman's service account (client credentials), its token renewed for every probe. */
export function sidecarCaller(url: string, realm: string, clientId: string, secret: string): Caller {
  return {
    url,
    realm,
    token: async () => {
      const response = await fetch(`${url}/realms/${realm}/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: secret,
        }).toString(),
      });
      if (!response.ok) throw new Error(`sidecar token: HTTP ${String(response.status)}`);
      return ((await response.json()) as { access_token: string }).access_token;
    },
  };
}

/** The seeded applications' credman.due, as the seed wrote it: how many are due by `at`, and by how many values. */
export function seededDue(n: number, scanAt: number, at: number) {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const value = reminderApplication(i, scanAt).attributes[DUE_ATTRIBUTE] ?? '';
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const dueBy = [...counts].filter(([value]) => (decodeDue(value) ?? Infinity) <= at);
  const [modal] = [...dueBy].sort((a, b) => b[1] - a[1]);
  return {
    dueByAt: dueBy.reduce((sum, [, count]) => sum + count, 0),
    distinctValuesDueByAt: dueBy.length,
    modalValue: modal?.[0] ?? encodeDue(at),
    modalCount: modal?.[1] ?? 0,
  };
}

export interface CallFigures {
  /** Median of the timed calls, ms. */
  medianMs: number;
  /** Keycloak CPU per call, ms (its JVM, from /proc). */
  cpuMs: number;
  /** Clients in the answer (the last call's). */
  clients: number;
  /** Whether an answer carried a client's `secret`. */
  secrets: boolean;
}

async function timedGet(caller: Caller, path: string, javaPid: number, times = 5): Promise<CallFigures> {
  const warmUp = await fetch(`${caller.url}/admin/realms/${caller.realm}${path}`, {
    headers: { authorization: `Bearer ${await caller.token()}` },
  });
  await warmUp.arrayBuffer();
  const ms: number[] = [];
  let clients = 0;
  let secrets = false;
  let cpu = 0;
  for (let i = 0; i < times; i++) {
    const token = await caller.token();
    const cpu0 = processCpuMs(javaPid);
    const t0 = performance.now();
    const response = await fetch(`${caller.url}/admin/realms/${caller.realm}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await response.text();
    ms.push(performance.now() - t0);
    cpu += processCpuMs(javaPid) - cpu0;
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${String(response.status)} ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { secret?: unknown }[];
    clients = body.length;
    secrets ||= body.some((client) => typeof client.secret === 'string');
  }
  ms.sort((a, b) => a - b);
  return { medianMs: ms[Math.floor(ms.length / 2)] ?? Number.NaN, cpuMs: cpu / times, clients, secrets };
}

export interface SearchableFigures {
  /** Seeded applications due by the scan's moment, and how many distinct credman.due values they hold. */
  dueByScan: number;
  distinctValues: number;
  /** q= for the most common due value, as credman's service account: all matches, then the first 100. */
  sidecarAll: CallFigures;
  sidecarPage: CallFigures;
  /** The same search as the server's admin (realm-wide view rights: the database pages). */
  adminAll: CallFigures;
  /** q= for a value no client holds (what each of the other due values' searches costs at least). */
  sidecarNoMatch: CallFigures;
  /** The stock list page credman reads today, for comparison: 100 clients of the `Partner` search. */
  sidecarListPage: CallFigures;
  modalCount: number;
}

/** Stock Keycloak started with SEARCHABLE_DUE_ARG: what `q=credman.due:<value>` costs and answers. */
export async function probeSearchableAttribute(
  sidecar: Caller,
  admin: ServerAdmin,
  javaPid: number,
  seeded: ReturnType<typeof seededDue>,
): Promise<SearchableFigures> {
  const q = (value: string) => `/clients?q=${encodeURIComponent(`${DUE_ATTRIBUTE}:${value}`)}`;
  const adminCaller: Caller = { url: admin.url, realm: sidecar.realm, token: () => masterToken(admin) };
  return {
    dueByScan: seeded.dueByAt,
    distinctValues: seeded.distinctValuesDueByAt,
    modalCount: seeded.modalCount,
    sidecarAll: await timedGet(sidecar, q(seeded.modalValue), javaPid),
    sidecarPage: await timedGet(sidecar, `${q(seeded.modalValue)}&first=0&max=100`, javaPid),
    adminAll: await timedGet(adminCaller, q(seeded.modalValue), javaPid),
    sidecarNoMatch: await timedGet(sidecar, q(encodeDue(1)), javaPid),
    sidecarListPage: await timedGet(
      sidecar,
      '/clients?search=true&clientId=Partner&first=0&max=100',
      javaPid,
    ),
  };
}

/** The server admin's token (master realm, admin-cli). */
async function masterToken(admin: ServerAdmin): Promise<string> {
  const response = await fetch(`${admin.url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: admin.username,
      password: admin.password,
    }).toString(),
  });
  if (!response.ok) throw new Error(`admin token: HTTP ${String(response.status)}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export interface DueIndexRow {
  /** dueBy − the scan's moment, days. */
  days: number;
  /** Applications listed (all pages). */
  due: number;
  pages: number;
  /** Paged by `first` (each page counted among the viewable ones from the start again): ms. */
  ms: number;
  /** Keycloak CPU over all pages, ms. */
  cpuMs: number;
  /** Paged by `after` (the previous page's last clientId), as the sidecar pages with `due-index-after`: ms. */
  afterMs: number;
  afterCpuMs: number;
}

interface DueRead {
  due: number;
  pages: number;
  ms: number;
  cpuMs: number;
}

/** Every page of 100 of `credman/clients?dueBy=`, continued by offset or after the last clientId. */
async function readDue(
  sidecar: Caller,
  javaPid: number,
  dueBy: number,
  by: 'first' | 'after',
): Promise<DueRead> {
  const token = await sidecar.token();
  const cpu0 = processCpuMs(javaPid);
  const t0 = performance.now();
  let due = 0;
  let pages = 0;
  let after: string | undefined;
  for (let first = 0; ; first += 100) {
    const resume =
      by === 'first'
        ? `&first=${String(first)}`
        : after === undefined
          ? ''
          : `&after=${encodeURIComponent(after)}`;
    const path = `/admin/realms/${sidecar.realm}/credman/clients?dueBy=${String(dueBy)}${resume}&max=100`;
    const response = await fetch(`${sidecar.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${String(response.status)}`);
    const page = (await response.json()) as { clientId: string }[];
    pages++;
    due += page.length;
    if (page.length < 100) break;
    after = page.at(-1)?.clientId;
  }
  return { due, pages, ms: performance.now() - t0, cpuMs: processCpuMs(javaPid) - cpu0 };
}

/**
 * The extension's due index as a scan reads it: every page of 100 of `credman/clients?dueBy=` for bounds further
 * and further ahead, so more applications are due: time against the due count, with all applications the same;
 * paged by offset and by `after`, one after the other, in turns first.
 */
export async function probeDueIndex(
  sidecar: Caller,
  javaPid: number,
  scanAt: number,
  days: number[],
): Promise<DueIndexRow[]> {
  const rows: DueIndexRow[] = [];
  // One call first, so that the first bound's figures are not the endpoint's warm-up.
  const warmUp = await fetch(
    `${sidecar.url}/admin/realms/${sidecar.realm}/credman/clients?dueBy=${String(scanAt)}&first=0&max=100`,
    { headers: { authorization: `Bearer ${await sidecar.token()}` } },
  );
  await warmUp.arrayBuffer();
  for (const [index, ahead] of days.entries()) {
    const dueBy = scanAt + ahead * 86_400_000;
    // The second read of a bound finds more of Keycloak's caches warm: alternate which goes first.
    const read = (by: 'first' | 'after') => readDue(sidecar, javaPid, dueBy, by);
    const [byFirst, byAfter] =
      index % 2 === 0
        ? [await read('first'), await read('after')]
        : await read('after').then(async (after) => [await read('first'), after] as const);
    if (byAfter.due !== byFirst.due)
      throw new Error(
        `due by ${String(dueBy)}: ${String(byFirst.due)} by first, ${String(byAfter.due)} after`,
      );
    rows.push({
      days: ahead,
      due: byFirst.due,
      pages: byFirst.pages,
      ms: byFirst.ms,
      cpuMs: byFirst.cpuMs,
      afterMs: byAfter.ms,
      afterCpuMs: byAfter.cpuMs,
    });
  }
  return rows;
}

/** The extension's due query (CredmanAdminResource.DUE_QUERY) with its parameters written in. */
export function dueQuerySql(realmId: string, dueBy: number): string {
  return (
    'SELECT c.ID FROM CLIENT_ATTRIBUTES a JOIN CLIENT c ON c.ID = a.CLIENT_ID' +
    ` WHERE a.NAME = '${DUE_ATTRIBUTE}' AND substr(a.VALUE, 1, 255) <= '${encodeDue(dueBy)}'` +
    ` AND c.REALM_ID = '${realmId}' ORDER BY c.CLIENT_ID`
  );
}

/** `EXPLAIN (ANALYZE, BUFFERS)` of the due query on Keycloak's PostgreSQL database, as psql prints it. */
export async function explainDueQuery(
  database: KeycloakDatabase,
  realmId: string,
  dueBy: number,
  options: { analyzeFirst: boolean },
): Promise<string> {
  if (database.kind !== 'postgres') return `(not PostgreSQL: ${database.reason})`;
  const sql = [
    ...(options.analyzeFirst ? ['ANALYZE client_attributes; ANALYZE client;'] : []),
    `EXPLAIN (ANALYZE, BUFFERS) ${dueQuerySql(realmId, dueBy)};`,
  ].join(' ');
  return psql(database.server, sql, database.name);
}

/** The realm's id in Keycloak's database (a realm imported with `id` = its name has that id). */
export async function realmId(admin: ServerAdmin, realm: string): Promise<string> {
  const response = await adminRequest(admin, `/admin/realms/${realm}`);
  return ((await response.json()) as { id: string }).id;
}
