// The operator's list with the realm scan's columns: joined by clientId without a filter, cut from the scan with
// one (only that page's applications read), nothing invented before the first scan or for an application newer
// than it.
import { describe, expect, it } from 'vitest';
import type { ApplicationListQuery } from '../credentials/application-list.ts';
import type { ApplicationSummary } from '../credentials/views.ts';
import { operatorList } from './operator-list.ts';
import type { ApplicationCondition, RealmSummary } from './summary.ts';
import { summarise } from './summary.ts';

const SCANNED_AT = Date.UTC(2027, 0, 4, 9);
const IN_TEN_DAYS = SCANNED_AT + 10 * 86_400_000;

function condition(clientId: string, fields: Partial<ApplicationCondition> = {}): ApplicationCondition {
  return {
    clientId,
    sandboxOnly: clientId.startsWith('PartnerAlternative-'),
    managers: 2,
    liveSecrets: 1,
    expiringAt: null,
    expiredAt: null,
    reasons: [],
    ...fields,
  };
}

const CONDITIONS = [
  condition('Partner-NL-Alpha-DM'),
  condition('Partner-NL-Bravo-DM', { liveSecrets: 0, reasons: ['no-live-secret'] }),
  condition('Partner-NL-Charlie-DM', {
    managers: 1,
    expiringAt: IN_TEN_DAYS,
    reasons: ['expiring-without-successor', 'fewer-than-two-managers'],
  }),
  condition('Partner-NL-Delta-DM', {
    liveSecrets: 0,
    expiredAt: SCANNED_AT - 86_400_000,
    reasons: ['expired', 'no-live-secret'],
  }),
  condition('PartnerAlternative-NL-Echo-SMC', { managers: null }),
  condition('Partner-NL-Foxtrot-DM', { liveSecrets: 0, reasons: ['no-live-secret'] }),
];

const SCAN: RealmSummary = {
  ...summarise([], { startedAt: SCANNED_AT - 1000, endedAt: SCANNED_AT }),
  applications: CONDITIONS,
};

function row(clientId: string): ApplicationSummary {
  return {
    clientId,
    name: {
      kind: clientId.startsWith('PartnerAlternative-') ? 'PartnerAlternative' : 'Partner',
      country: 'NL',
      countryName: 'Netherlands',
      organisation: clientId.split('-')[2] ?? '',
      api: 'DM',
      apiName: 'Direct Messaging',
      sandboxOnly: clientId.startsWith('PartnerAlternative-'),
    },
    liveSecrets: 1,
  };
}

/** A credential service list over the given clients that records what it was asked. */
function fakeList(clientIds: readonly string[]) {
  const asked: ApplicationListQuery[] = [];
  const list = (query: ApplicationListQuery) => {
    asked.push(query);
    const rows = (query.clientIds ?? clientIds).filter((id) => clientIds.includes(id)).map(row);
    return Promise.resolve({
      applications: rows.slice(query.first, query.first + query.max),
      hasMore: rows.length > query.first + query.max,
    });
  };
  return { list, asked };
}

const ALL = CONDITIONS.map((c) => c.clientId);

describe('operator list without a filter', () => {
  it('given a scan, then one Keycloak page with each row joined to its condition, and none for a newer one', async () => {
    const { list, asked } = fakeList(['Partner-NL-Charlie-DM', 'Partner-NL-Newer-DM']);
    const page = await operatorList({ latest: () => SCAN, list }, { search: 'NL', first: 0, max: 50 });
    expect(asked).toEqual([{ search: 'NL', first: 0, max: 50 }]);
    expect(page.scan).toBe(SCAN);
    expect(page.applications.map((app) => [app.clientId, app.condition])).toEqual([
      [
        'Partner-NL-Charlie-DM',
        {
          managers: 1,
          liveSecrets: 1,
          expiringAt: new Date(IN_TEN_DAYS).toISOString(),
          expiredAt: null,
          reasons: ['expiring-without-successor', 'fewer-than-two-managers'],
        },
      ],
      ['Partner-NL-Newer-DM', undefined],
    ]);
  });

  it('given no scan yet, then the page as Keycloak gives it, without conditions', async () => {
    const { list } = fakeList(ALL);
    const page = await operatorList({ latest: () => undefined, list }, { first: 0, max: 2 });
    expect(page.scan).toBeUndefined();
    expect(page.hasMore).toBe(true);
    expect(page.applications.map((app) => app.condition)).toEqual([undefined, undefined]);
  });
});

describe('operator list with a filter', () => {
  it.each([
    ['no-live-secret', ['Partner-NL-Bravo-DM', 'Partner-NL-Delta-DM', 'Partner-NL-Foxtrot-DM']],
    ['expiring-without-successor', ['Partner-NL-Charlie-DM']],
    ['expired', ['Partner-NL-Delta-DM']],
    ['fewer-than-two-managers', ['Partner-NL-Charlie-DM']],
    ['sandbox', ['PartnerAlternative-NL-Echo-SMC']],
  ] as const)('given %s, then exactly the scan applications in that state', async (filter, expected) => {
    const { list, asked } = fakeList(ALL);
    const page = await operatorList({ latest: () => SCAN, list }, { filter, first: 0, max: 50 });
    expect(page.applications.map((app) => app.clientId)).toEqual(expected);
    expect(page.applications.every((app) => app.condition !== undefined)).toBe(true);
    expect(page.hasMore).toBe(false);
    // Only the page's applications are read, by clientId: never a listing.
    expect(asked).toEqual([{ clientIds: expected, first: 0, max: 50 }]);
  });

  it('given more matches than a page, then it pages over the scan and says whether more follow', async () => {
    const { list, asked } = fakeList(ALL);
    const first = await operatorList(
      { latest: () => SCAN, list },
      { filter: 'no-live-secret', first: 0, max: 2 },
    );
    const second = await operatorList(
      { latest: () => SCAN, list },
      { filter: 'no-live-secret', first: 2, max: 2 },
    );
    expect(first.applications.map((app) => app.clientId)).toEqual([
      'Partner-NL-Bravo-DM',
      'Partner-NL-Delta-DM',
    ]);
    expect(first.hasMore).toBe(true);
    expect(second.applications.map((app) => app.clientId)).toEqual(['Partner-NL-Foxtrot-DM']);
    expect(second.hasMore).toBe(false);
    expect(asked.map((query) => query.clientIds)).toEqual([
      ['Partner-NL-Bravo-DM', 'Partner-NL-Delta-DM'],
      ['Partner-NL-Foxtrot-DM'],
    ]);
  });

  it('given a search, then only matches whose clientId contains it, ignoring case', async () => {
    const { list } = fakeList(ALL);
    const page = await operatorList(
      { latest: () => SCAN, list },
      { filter: 'no-live-secret', search: ' foxTROT ', first: 0, max: 50 },
    );
    expect(page.applications.map((app) => app.clientId)).toEqual(['Partner-NL-Foxtrot-DM']);
  });

  it('given an application deleted since the scan, then it drops out of the page', async () => {
    const { list } = fakeList(ALL.filter((clientId) => clientId !== 'Partner-NL-Delta-DM'));
    const page = await operatorList(
      { latest: () => SCAN, list },
      { filter: 'no-live-secret', first: 0, max: 50 },
    );
    expect(page.applications.map((app) => app.clientId)).toEqual([
      'Partner-NL-Bravo-DM',
      'Partner-NL-Foxtrot-DM',
    ]);
  });

  it('given no scan yet, then an empty page and nothing read', async () => {
    const { list, asked } = fakeList(ALL);
    const page = await operatorList(
      { latest: () => undefined, list },
      { filter: 'expired', first: 0, max: 50 },
    );
    expect(page).toEqual({ applications: [], hasMore: false, scan: undefined });
    expect(asked).toEqual([]);
  });

  it('given no match, then an empty page and nothing read', async () => {
    const { list, asked } = fakeList(ALL);
    const page = await operatorList(
      { latest: () => SCAN, list },
      { filter: 'expired', search: 'Alpha', first: 0, max: 50 },
    );
    expect(page.applications).toEqual([]);
    expect(asked).toEqual([]);
  });
});
