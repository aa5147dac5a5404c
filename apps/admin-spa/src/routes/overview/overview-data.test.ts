import { describe, expect, it } from 'vitest';
import type { OverviewApplication } from '@credman/api-contract';
import { needingAction, toCsv } from './overview-data.ts';

const app = (
  clientId: string,
  sandboxOnly: boolean,
  reasons: OverviewApplication['reasons'],
): OverviewApplication => ({
  clientId,
  sandboxOnly,
  managers: 1,
  liveSecrets: 0,
  expiringAt: null,
  expiredAt: null,
  reasons,
});

const apps = [
  app('Partner-NL-A-DM', false, ['no-live-secret']),
  app('PartnerAlternative-NL-B-DM', true, ['fewer-than-two-managers', 'no-live-secret']),
  app('Partner-NL-C-DM', false, []),
];

describe('needingAction', () => {
  it('keeps only applications with a reason, filtered by reason and environment', () => {
    expect(needingAction(apps, { reason: 'any', sandbox: 'all' }).map((a) => a.clientId)).toEqual([
      'Partner-NL-A-DM',
      'PartnerAlternative-NL-B-DM',
    ]);
    expect(needingAction(apps, { reason: 'fewer-than-two-managers', sandbox: 'all' })).toHaveLength(1);
    expect(
      needingAction(apps, { reason: 'no-live-secret', sandbox: 'production' }).map((a) => a.clientId),
    ).toEqual(['Partner-NL-A-DM']);
  });
});

describe('toCsv', () => {
  it('writes a header and one line per application, defusing spreadsheet formulas', () => {
    const csv = toCsv([app('=cmd', false, ['expired']), { ...app('a,b', true, []), managers: null }]);
    expect(csv.split('\r\n')).toEqual([
      'client_id,sandbox,managers,live_secrets,expiring_at,expired_at,reasons',
      "'=cmd,no,1,0,,,expired",
      '"a,b",yes,,0,,,',
      '',
    ]);
  });
});
