// Test data shaped like the sidecar's answers, relative to one fixed "now".
import { http, HttpResponse } from 'msw';
import type {
  ApplicationDetail,
  ApplicationList,
  ApplicationSummary,
  AuditTrail,
  FieldErrorBody,
  ManagerList,
  Me,
  Secret,
} from '@credman/api-contract';

/** Tests fake `Date` to this instant (a Tuesday, noon UTC). */
export const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;

export const isoDaysFromNow = (days: number): string => new Date(NOW + days * DAY).toISOString();

export const MANAGER: Me = {
  id: 'u-anna',
  username: 'anna',
  name: 'Anna Jansen',
  email: 'anna@example.test',
  isOperator: false,
  acr: 'mfa',
  managedClientIds: ['Partner-NL-Acme-SMC'],
  expiryPolicy: { zone: 'UTC' },
};

export const OPERATOR: Me = {
  ...MANAGER,
  id: 'u-olga',
  username: 'olga',
  name: 'Olga Operator',
  isOperator: true,
};

export const CLIENT_ID = 'Partner-NL-Acme-SMC';

export function summary(overrides: Partial<ApplicationSummary> = {}): ApplicationSummary {
  return {
    clientId: CLIENT_ID,
    name: {
      kind: 'Partner',
      country: 'NL',
      countryName: 'Netherlands',
      organisation: 'Acme',
      api: 'SMC',
      apiName: 'Search, Match & Connect',
      sandboxOnly: false,
    },
    liveSecrets: 1,
    nearestExpiry: { expiresAt: isoDaysFromNow(200), status: 'active' },
    ...overrides,
  };
}

export function applicationList(applications: ApplicationSummary[]): ApplicationList {
  return { first: 0, hasMore: false, applications };
}

export function secret(overrides: Partial<Secret> = {}): Secret {
  return {
    id: '5f0c1f1e-0000-4000-8000-000000000001',
    name: 'Secret by Anna Jansen',
    hint: 'abc',
    createdAt: isoDaysFromNow(-100),
    createdBy: { id: 'u-anna', username: 'anna', name: 'Anna Jansen' },
    expiresAt: isoDaysFromNow(200),
    expiresOn: isoDaysFromNow(200).slice(0, 10),
    status: 'active',
    ...overrides,
  };
}

export function detail(secrets: Secret[], overrides: Partial<ApplicationDetail> = {}): ApplicationDetail {
  return {
    ...summary(),
    liveSecrets: secrets.filter((s) => s.status === 'active' || s.status === 'expiring').length,
    permissions: ['smc.production', 'smc.sandbox'],
    tokenEndpoint: 'https://login.example.test/realms/partners/protocol/openid-connect/token',
    secrets,
    ...overrides,
  };
}

export const EMPTY_AUDIT: AuditTrail = { entries: [] };
export const ONE_MANAGER: ManagerList = {
  managers: [
    {
      id: 'u-anna',
      username: 'anna',
      name: 'Anna Jansen',
      email: 'anna@example.test',
      emailVerified: true,
      via: 'direct',
    },
  ],
  warnings: ['fewer-than-two-managers'],
};

/** A problem+json answer as the sidecar sends it. */
export function problem(
  status: number,
  code: string,
  extra: { detail?: string; errors?: FieldErrorBody[] } = {},
  headers: Record<string, string> = {},
) {
  return HttpResponse.json(
    { type: `urn:credman:problem:${code}`, title: code, status, ...extra },
    { status, headers: { 'Content-Type': 'application/problem+json', ...headers } },
  );
}

export const meHandler = (me: Me = MANAGER) => http.get('*/api/me', () => HttpResponse.json(me));

export const applicationPath = `*/api/applications/${CLIENT_ID}`;

/** The handlers the application page needs besides the application itself. */
export function applicationSideHandlers(me: Me = MANAGER) {
  return [
    meHandler(me),
    http.get(`${applicationPath}/audit`, () => HttpResponse.json(EMPTY_AUDIT)),
    http.get(`${applicationPath}/managers`, () => HttpResponse.json(ONE_MANAGER)),
  ];
}
