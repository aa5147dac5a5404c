// Query-parameter parsing shared by the admin endpoints: paging, the `q` attribute search of GET /clients
// (SearchQueryUtils.getFields), event date bounds (DateUtil) and the user search patterns of GET /users.
import { badRequest } from './errors.ts';

export interface Page {
  first: number;
  /** undefined = no limit. */
  max: number | undefined;
}

function integer(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isInteger(value) ? value : undefined;
}

/** `first`/`max`; a negative or absent `first` means from the start, `defaultMax` applies when `max` is absent. */
export function parsePage(
  first: string | undefined,
  max: string | undefined,
  defaultMax: number | undefined,
): Page {
  const from = integer(first);
  const limit = integer(max) ?? defaultMax;
  return {
    first: from !== undefined && from > 0 ? from : 0,
    max: limit !== undefined && limit >= 0 ? limit : undefined,
  };
}

export function applyPage<T>(items: T[], page: Page): T[] {
  return items.slice(page.first, page.max === undefined ? undefined : page.first + page.max);
}

/** Keycloak's "true"/"false" query booleans; anything else is the default. */
export function parseBoolean(raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  const value = raw.trim().toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : fallback;
}

/** Reads one key or value of a `q` query: either "double quoted" (with \" escapes) or bare up to a stop char. */
function readPart(input: string, start: number, stop: RegExp): { text: string; end: number } | undefined {
  if (input[start] === '"') {
    let text = '';
    for (let i = start + 1; i < input.length; i++) {
      const char = input[i] ?? '';
      if (char === '\\' && i + 1 < input.length) {
        text += input[++i] ?? '';
      } else if (char === '"') {
        return { text, end: i + 1 };
      } else text += char;
    }
    return undefined;
  }
  let end = start;
  while (end < input.length && !stop.test(input[end] ?? '')) end++;
  return end > start ? { text: input.slice(start, end), end } : undefined;
}

/** SearchQueryUtils.getFields: `key:value key2:"value with spaces"` → a map; malformed parts are skipped. */
export function parseSearchQuery(query: string): Map<string, string> {
  const fields = new Map<string, string>();
  let i = 0;
  while (i < query.length) {
    if (/\s/.test(query[i] ?? '')) {
      i++;
      continue;
    }
    const key = readPart(query, i, /[\s:]/);
    if (!key || query[key.end] !== ':') {
      // Skip the malformed token up to the next whitespace.
      while (i < query.length && !/\s/.test(query[i] ?? '')) i++;
      continue;
    }
    const value = readPart(query, key.end + 1, /\s/);
    if (!value) {
      i = key.end + 1;
      continue;
    }
    fields.set(key.text, value.text);
    i = value.end;
  }
  return fields;
}

const DAY_MS = 86_400_000;

/**
 * DateUtil for the events endpoints: `yyyy-MM-dd` (UTC; start of day for `dateFrom`, end of day for `dateTo`)
 * or epoch milliseconds. Anything else is a 400 naming the parameter.
 */
export function parseEventDate(raw: string | undefined, name: 'dateFrom' | 'dateTo'): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const invalid = () =>
    badRequest(`Invalid value for '${name}', expected format is yyyy-MM-dd or an Epoch timestamp`);
  if (raw.includes('-')) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
    if (!match) throw invalid();
    const start = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== raw) throw invalid();
    return name === 'dateFrom' ? start : start + DAY_MS - 1;
  }
  if (!/^\d+$/.test(raw)) throw invalid();
  return Number(raw);
}

/** `direction` of the events endpoints: desc (newest first) unless asc is asked for. */
export function parseDirection(raw: string | undefined): 'asc' | 'desc' {
  if (raw === undefined || raw === '') return 'desc';
  if (raw === 'asc' || raw === 'desc') return raw;
  throw badRequest('Invalid value for sortDirection, expected value is asc or desc');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The `search` parameter of GET /users as a predicate on one field: `"x"` is an exact match, `*` is a wildcard,
 * and a plain value is a prefix match (the default since Keycloak 22). Case-insensitive.
 */
export function userSearchMatcher(search: string): (value: string | undefined) => boolean {
  const trimmed = search.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    const exact = trimmed.slice(1, -1).toLowerCase();
    return (value) => value?.toLowerCase() === exact;
  }
  const pattern = trimmed.toLowerCase().includes('*') ? trimmed.toLowerCase() : `${trimmed.toLowerCase()}*`;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 's');
  return (value) => value !== undefined && regex.test(value.toLowerCase());
}

/** A field filter of GET /users (`username`, `email`, …): exact when `exact=true`, otherwise a substring. */
export function fieldMatcher(wanted: string, exact: boolean): (value: string | undefined) => boolean {
  const lower = wanted.toLowerCase();
  return exact
    ? (value) => value?.toLowerCase() === lower
    : (value) => value?.toLowerCase().includes(lower) ?? false;
}
