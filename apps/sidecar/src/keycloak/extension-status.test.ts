import { describe, expect, it } from 'vitest';
import { ExtensionStatus, missingFeatures } from './extension-status.ts';
import type { ExtensionInfo } from './port.ts';

const WITH: ExtensionInfo = {
  present: true,
  version: '1.0.0',
  features: ['secret-slot-detail', 'retired-secret-detail'],
};

function status(answers: (ExtensionInfo | Error)[], rotatedSecretEventDetail?: string) {
  let time = 0;
  let reads = 0;
  const extension = new ExtensionStatus({
    read: () => {
      const answer = answers[Math.min(reads++, answers.length - 1)];
      return answer instanceof Error || answer === undefined
        ? Promise.reject(answer ?? new Error('none'))
        : Promise.resolve(answer);
    },
    now: () => time,
    cacheMs: 1000,
    rotatedSecretEventDetail,
  });
  return {
    extension,
    reads: () => reads,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe('ExtensionStatus', () => {
  it('given the extension, then attribution comes from it and the answer is cached until cacheMs', async () => {
    const { extension, reads, advance } = status([WITH, { present: false }]);
    expect(await extension.attribution()).toBe('extension');
    expect(await extension.reportsRetiredSecrets()).toBe(true);
    advance(999);
    expect(await extension.attribution()).toBe('extension');
    expect(reads()).toBe(1);
    advance(1);
    // Removed from Keycloak: seen at the next check.
    expect(await extension.attribution()).toBe('none');
    expect(reads()).toBe(2);
  });

  it('given stock Keycloak with a 26.8 detail key configured, then attribution is keycloak', async () => {
    const { extension } = status([{ present: false }], 'rotated_marker');
    expect(await extension.attribution()).toBe('keycloak');
    expect(await extension.reportsRetiredSecrets()).toBe(false);
  });

  it('given a failed check, then the last known answer stays and the next call asks again', async () => {
    const { extension, reads, advance } = status([WITH, new Error('down'), WITH]);
    await extension.current();
    advance(1000);
    expect(await extension.current()).toEqual(WITH);
    expect(await extension.current()).toEqual(WITH);
    expect(reads()).toBe(3);
  });

  it('given nothing known and Keycloak down, then undefined (not known) and everything counts as missing', async () => {
    const { extension } = status([new Error('down')]);
    expect(await extension.current()).toBeUndefined();
    expect(missingFeatures(undefined)).toEqual([
      'which secret a login used',
      'retired secrets presented again',
    ]);
  });
});
