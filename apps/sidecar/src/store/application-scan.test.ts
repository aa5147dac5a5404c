import { describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import type { KeycloakClient, KeycloakPort } from '../keycloak/port.ts';
import { createLogger } from '../logging.ts';
import { APPLICATION_SCAN_PAGE, jobApplications } from './application-scan.ts';

type DueQuery = Parameters<KeycloakPort['dueClients']>[0];

const client = (i: number): KeycloakClient => ({
  id: `id-${String(i)}`,
  clientId: `Partner-NL-Org${String(i).padStart(4, '0')}-DM`,
  enabled: true,
  attributes: {},
  defaultClientScopes: [],
  optionalClientScopes: [],
});

describe('jobApplications from the due index', () => {
  it('given more than a page due, then each next page is asked after the last clientId, with first as the count so far', async () => {
    const due = Array.from({ length: APPLICATION_SCAN_PAGE + 3 }, (_, i) => client(i));
    const asked: DueQuery[] = [];
    const keycloak = {
      searchClients: () => Promise.reject(new Error('not the due index')),
      dueClients: (query: DueQuery) => {
        asked.push(query);
        return Promise.resolve(due.slice(query.first, query.first + query.max));
      },
    };
    const scanned: string[] = [];
    for await (const page of jobApplications({
      keycloak,
      source: 'due',
      dueBy: 1,
      catalogue: DEFAULT_API_CATALOGUE,
      logger: createLogger({ level: 'silent' }),
    }))
      scanned.push(...page.map((application) => application.application.clientId));
    expect(asked).toEqual([
      { dueBy: 1, first: 0, max: APPLICATION_SCAN_PAGE, after: undefined },
      {
        dueBy: 1,
        first: APPLICATION_SCAN_PAGE,
        max: APPLICATION_SCAN_PAGE,
        after: due[APPLICATION_SCAN_PAGE - 1]?.clientId,
      },
    ]);
    expect(scanned).toHaveLength(due.length);
  });
});
