// The branches of DefaultBruteForceProtector.failure the shipped realm does not use (LINEAR, permanent lockout,
// the cap): the contract suite checks MULTIPLE with the realm's values on both targets.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BRUTE_FORCE } from '../model/realm.ts';
import type { BruteForceSettings } from '../model/types.ts';
import { BruteForceProtector } from './brute-force.ts';

const base: BruteForceSettings = {
  ...DEFAULT_BRUTE_FORCE,
  enabled: true,
  failureFactor: 3,
  waitIncrementSeconds: 10,
  maxFailureWaitSeconds: 25,
};

/** Fails `times` times, `gapMs` apart from t = 10 s, and returns each failure's wait in seconds (0 = none). */
function waits(settings: BruteForceSettings, times: number, gapMs = 2000): number[] {
  const protector = new BruteForceProtector();
  const result: number[] = [];
  for (let i = 0; i < times; i++) {
    const now = 10_000 + i * gapMs;
    const outcome = protector.failed(settings, 'u', now);
    result.push(outcome?.temporaryLockout ? (outcome.temporaryLockout.notBeforeMs - now) / 1000 : 0);
  }
  return result;
}

describe('brute-force waits', () => {
  it('given MULTIPLE, then every failure from the factor on waits increment × ⌊failures ÷ factor⌋, capped', () => {
    expect(waits(base, 7)).toEqual([0, 0, 10, 10, 10, 20, 20]);
    expect(waits({ ...base, maxFailureWaitSeconds: 15 }, 7)).toEqual([0, 0, 10, 10, 10, 15, 15]);
  });

  it('given LINEAR, then each failure past the factor adds one increment, capped', () => {
    expect(waits({ ...base, strategy: 'LINEAR' }, 6)).toEqual([0, 0, 10, 20, 25, 25]);
  });

  it('given two failures within quickLoginCheckMilliSeconds below the factor, then the minimum quick-login wait', () => {
    // Keycloak keeps the not-before in whole seconds: 10.5 s + 7 s ends at 17 s.
    expect(waits({ ...base, minimumQuickLoginWaitSeconds: 7 }, 2, 500)).toEqual([0, 6.5]);
  });

  it('given permanentLockout with no temporary lockouts allowed, then the factor disables the user instead of a wait', () => {
    const protector = new BruteForceProtector();
    const settings = { ...base, permanentLockout: true, maxTemporaryLockouts: 0 };
    const outcomes = [0, 1, 2].map((i) => protector.failed(settings, 'u', 10_000 + i * 2000));
    expect(outcomes.map((o) => o?.permanentLockout)).toEqual([false, false, true]);
    expect(outcomes[2]?.temporaryLockout).toBeUndefined();
  });

  it('given permanentLockout after two temporary ones, then the third lockout is permanent', () => {
    const protector = new BruteForceProtector();
    const settings = { ...base, permanentLockout: true, maxTemporaryLockouts: 2 };
    const outcomes = [0, 1, 2, 3, 4].map((i) => protector.failed(settings, 'u', 10_000 + i * 60_000));
    expect(outcomes.map((o) => o?.permanentLockout)).toEqual([false, false, false, false, true]);
    expect(outcomes.map((o) => o?.temporaryLockout !== undefined)).toEqual([false, false, true, true, false]);
  });
});
