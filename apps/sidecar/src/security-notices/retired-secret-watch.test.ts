import { describe, expect, it } from 'vitest';
import type { RetiredUseReport } from '../credentials/retired-use.ts';
import type { RetiredSecretEvent } from '../keycloak/port.ts';
import type { OutgoingMail } from '../mail/mailer.ts';
import type { StoredApplication } from '../store/application.ts';
import { captureLogs } from '../test/fixtures.ts';
import {
  RETIRED_WATCH_LOOKBACK_MS,
  RETIRED_WATCH_OVERLAP_MS,
  RetiredSecretWatch,
} from './retired-secret-watch.ts';

const APP = 'Partner-NL-Acme-DM';
const due: RetiredUseReport = {
  secret: { id: 's1', name: 'Prod 2025', hint: 'abc', state: 'deleted' },
  count: 2,
  since: 1000 as RetiredUseReport['since'],
  last: 1001 as RetiredUseReport['last'],
  addresses: ['203.0.113.7'],
};

function watch(options: { extension?: boolean; busy?: boolean } = {}) {
  let time = 10 * RETIRED_WATCH_LOOKBACK_MS;
  const reads: { since: number; max: number }[] = [];
  const recorded: { clientId: string; events: readonly RetiredSecretEvent[] }[] = [];
  const mails: OutgoingMail[] = [];
  const logs = captureLogs();
  const events: RetiredSecretEvent[] = [
    { time: time - 1000, clientId: APP, secretId: 's1', ipAddress: '203.0.113.7' },
    { time: time - 500, clientId: 'Partner-NL-Other-DM', secretId: 's9' },
  ];
  const subject = new RetiredSecretWatch({
    keycloak: {
      retiredSecretEvents: (query: { since: number; max: number }) => {
        reads.push(query);
        return Promise.resolve(events);
      },
      // The managers' lookup of noticeRecipients: one manager with a verified address.
      usersWithClientRole: () =>
        Promise.resolve([
          { id: 'u1', username: 'alice', email: 'alice@example.com', emailVerified: true, enabled: true },
        ]),
      groupsWithClientRole: () => Promise.resolve([]),
      groupMembers: () => Promise.resolve([]),
    } as never,
    credentials: {
      recordRetiredUse: async (clientId, own, report) => {
        recorded.push({ clientId, events: own });
        if (options.busy === true) return 'busy';
        if (clientId === APP && report) await report({ id: 'uuid', clientId } as StoredApplication, due);
        return 'written';
      },
    },
    reportsRetiredSecrets: () => Promise.resolve(options.extension ?? true),
    mailer: {
      send: (mail) => {
        mails.push(mail);
        return Promise.resolve({ messageId: 'm', accepted: [...mail.to], rejected: [] });
      },
      close: () => undefined,
    },
    settings: { publicUrl: 'https://credman.example.com', zone: 'UTC', operatorEmail: undefined },
    logger: logs.logger,
    now: () => time,
  });
  return {
    subject,
    reads,
    recorded,
    mails,
    logs,
    advance: (ms: number) => {
      time += ms;
    },
    now: () => time,
  };
}

describe('RetiredSecretWatch', () => {
  it('given no extension, then it reads nothing', async () => {
    const { subject, reads } = watch({ extension: false });
    expect(await subject.runOnce()).toMatchObject({ read: false });
    expect(reads).toEqual([]);
  });

  it('given events, then each application gets its own, and a due report mails its managers', async () => {
    const { subject, reads, recorded, mails, now } = watch();
    expect(await subject.runOnce()).toEqual({ read: true, events: 2, applications: 2, failed: 0 });
    expect(reads[0]).toEqual({
      since: now() - RETIRED_WATCH_LOOKBACK_MS - RETIRED_WATCH_OVERLAP_MS,
      max: 1000,
    });
    expect(recorded.map((r) => [r.clientId, r.events.length])).toEqual([
      [APP, 1],
      ['Partner-NL-Other-DM', 1],
    ]);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['alice@example.com']);
    expect(mails[0]?.text).toContain('A system at 203.0.113.7 still presents the deleted secret "Prod 2025"');
  });

  it('given a run that handled every application, then the next reads from its start minus the overlap', async () => {
    const { subject, reads, advance, now } = watch();
    await subject.runOnce();
    const firstStart = now();
    advance(30_000);
    await subject.runOnce();
    expect(reads[1]?.since).toBe(firstStart - RETIRED_WATCH_OVERLAP_MS);
  });

  it('given an application busy with another writer, then the window is read again next time', async () => {
    const { subject, reads, advance } = watch({ busy: true });
    expect((await subject.runOnce()).failed).toBe(2);
    advance(30_000);
    await subject.runOnce();
    expect(reads[1]?.since).toBe(reads[0]?.since);
  });
});
