import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import type { KeycloakClient } from '../keycloak/port.ts';
import { KeycloakUnavailableError } from '../keycloak/errors.ts';
import { captureLogs } from '../test/fixtures.ts';
import { assertInvariants } from '../testing/credential-invariants.ts';
import { startKeycloakHarness } from '../testing/keycloak-harness.ts';
import { ApplicationNotFoundError } from '../store/errors.ts';
import { Sweeper } from './sweeper.ts';

function client(clientId: string): KeycloakClient {
  return {
    id: `id-${clientId}`,
    clientId,
    enabled: true,
    attributes: {},
    defaultClientScopes: [],
    optionalClientScopes: [],
  };
}

/** Keycloak without the extension's due index: these tests never configure it, so it is never asked. */
const noDueIndex = () => Promise.reject(new Error('the due index is not there'));

/** A searchClients over a fixed list, recording each page request. */
function listing(clientIds: string[]) {
  const pages: { first: number; max: number }[] = [];
  return {
    pages,
    searchClients: (query: { search: string; first: number; max: number }) => {
      pages.push({ first: query.first, max: query.max });
      return Promise.resolve(clientIds.slice(query.first, query.first + query.max).map(client));
    },
    dueClients: noDueIndex,
  };
}

const appName = (i: number) => `Partner-NL-Org${String(i).padStart(3, '0')}-DM`;

describe('Sweeper.runOnce', () => {
  it('pages through all applications, skips names outside the convention and counts the writes', async () => {
    const names = [...Array.from({ length: 230 }, (_, i) => appName(i)), 'Partnership-portal', 'Partner-XX'];
    const keycloak = listing(names);
    const swept: string[] = [];
    const sweeper = new Sweeper({
      keycloak,
      credentials: {
        sweep: (clientId) => {
          swept.push(clientId);
          return Promise.resolve(clientId.endsWith('7-DM'));
        },
      },
      catalogue: DEFAULT_API_CATALOGUE,
      logger: captureLogs().logger,
      intervalSeconds: 60,
    });

    expect(await sweeper.runOnce()).toEqual({ applications: 230, swept: 23, failed: 0 });
    expect(keycloak.pages).toEqual([
      { first: 0, max: 100 },
      { first: 100, max: 100 },
      { first: 200, max: 100 },
    ]);
    expect(swept).toEqual(names.slice(0, 230));
  });

  it('logs a failing application and still sweeps the others; an unmanaged one is not a failure', async () => {
    const logs = captureLogs();
    const sweeper = new Sweeper({
      keycloak: listing([appName(1), appName(2), appName(3), appName(4)]),
      credentials: {
        sweep: (clientId) => {
          if (clientId === appName(2)) return Promise.reject(new KeycloakUnavailableError('down'));
          if (clientId === appName(3)) return Promise.reject(new ApplicationNotFoundError(clientId));
          return Promise.resolve(true);
        },
      },
      catalogue: DEFAULT_API_CATALOGUE,
      logger: logs.logger,
      intervalSeconds: 60,
    });

    expect(await sweeper.runOnce()).toEqual({ applications: 4, swept: 2, failed: 1 });
    const errors = logs.lines().filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ clientId: appName(2), err: { type: 'KeycloakUnavailableError' } });
  });

  it('rejects when the applications cannot be listed', async () => {
    const sweeper = new Sweeper({
      keycloak: {
        searchClients: () => Promise.reject(new KeycloakUnavailableError('down')),
        dueClients: noDueIndex,
      },
      credentials: { sweep: () => Promise.resolve(false) },
      catalogue: DEFAULT_API_CATALOGUE,
      logger: captureLogs().logger,
      intervalSeconds: 60,
    });
    await expect(sweeper.runOnce()).rejects.toThrow(KeycloakUnavailableError);
  });

  it('never runs twice at once: a call during a run joins it', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let sweeps = 0;
    const sweeper = new Sweeper({
      keycloak: listing([appName(1)]),
      credentials: {
        sweep: async () => {
          sweeps++;
          await gate;
          return true;
        },
      },
      catalogue: DEFAULT_API_CATALOGUE,
      logger: captureLogs().logger,
      intervalSeconds: 60,
    });

    const first = sweeper.runOnce();
    const second = sweeper.runOnce();
    expect(second).toBe(first);
    release();
    expect(await first).toEqual({ applications: 1, swept: 1, failed: 0 });
    expect(sweeps).toBe(1);
    await sweeper.runOnce();
    expect(sweeps).toBe(2);
  });
});

describe('Sweeper schedule', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('runs every interval after the previous run ended, with an unref-ed timer, until stopped', async () => {
    vi.useFakeTimers();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    let runs = 0;
    const sweeper = new Sweeper({
      keycloak: listing([appName(1)]),
      credentials: {
        sweep: () => {
          runs++;
          return Promise.resolve(false);
        },
      },
      catalogue: DEFAULT_API_CATALOGUE,
      logger: captureLogs().logger,
      intervalSeconds: 30,
    });

    sweeper.start();
    sweeper.start(); // idempotent: still one schedule
    await vi.advanceTimersByTimeAsync(29_999);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(3);
    const timer = setTimeoutSpy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);

    await sweeper.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(runs).toBe(3);
  });

  it('keeps its schedule after a run that could not list the applications', async () => {
    vi.useFakeTimers();
    const logs = captureLogs();
    let calls = 0;
    const sweeper = new Sweeper({
      keycloak: {
        searchClients: () => {
          calls++;
          return Promise.reject(new KeycloakUnavailableError('down'));
        },
        dueClients: noDueIndex,
      },
      credentials: { sweep: () => Promise.resolve(false) },
      catalogue: DEFAULT_API_CATALOGUE,
      logger: logs.logger,
      intervalSeconds: 10,
    });
    sweeper.start();
    await vi.advanceTimersByTimeAsync(20_000);
    await sweeper.stop();
    expect(calls).toBe(2);
    expect(logs.lines().filter((line) => line.msg === 'sweep could not list applications')).toHaveLength(2);
  });
});

describe('Sweeper against the Keycloak double', () => {
  it('records an expired secret as expired in every managed application, and then has nothing to do', async () => {
    const harness = await startKeycloakHarness(Date.UTC(2027, 0, 10, 9));
    try {
      const keycloak = harness.adapter();
      const credentials = harness.service({ keycloak });
      const sweeper = new Sweeper({
        keycloak,
        credentials,
        catalogue: DEFAULT_API_CATALOGUE,
        logger: captureLogs().logger,
        intervalSeconds: 60,
      });
      const actor = { id: 'u-alice', username: 'alice', name: 'Alice' };
      const dm = 'Partner-NL-OrganisationName-DM';
      const smc = 'Partner-NL-OrganisationName-SMC';
      const short = await credentials.createSecret(dm, { name: 'Short', expiresOn: '2027-01-20' }, actor);
      const long = await credentials.createSecret(smc, { name: 'Long', expiresOn: '2027-12-31' }, actor);

      expect(await sweeper.runOnce()).toEqual({ applications: 3, swept: 0, failed: 0 });
      harness.clock.set(Date.UTC(2027, 0, 21, 9));
      expect(await sweeper.runOnce()).toEqual({ applications: 3, swept: 1, failed: 0 });
      expect(await sweeper.runOnce()).toEqual({ applications: 3, swept: 0, failed: 0 });

      expect((await credentials.secrets(dm)).map((v) => [v.name, v.status])).toEqual([['Short', 'expired']]);
      expect([await harness.works(dm, short.value), await harness.works(smc, long.value)]).toEqual([
        false,
        true,
      ]);
      assertInvariants(await harness.client(dm));
    } finally {
      await harness.close();
    }
  });
});
