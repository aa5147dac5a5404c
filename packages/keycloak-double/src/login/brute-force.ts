// Brute-force detection of the password form (DefaultBruteForceProtector, AbstractUsernameFormAuthenticator):
// every wrong password counts a failure; failures older than maxDeltaTimeSeconds start the count afresh and a
// successful login clears it. Each failure computes a wait: MULTIPLE waitIncrementSeconds × ⌊failures ÷
// failureFactor⌋, LINEAR waitIncrementSeconds × (1 + failures − failureFactor). So once the factor is reached
// every further failure locks again, not only every failureFactor-th. Below the factor, a failure within
// quickLoginCheckMilliSeconds of the previous one waits minimumQuickLoginWaitSeconds instead. A wait is capped at
// maxFailureWaitSeconds and reported, as Keycloak sends USER_DISABLED_BY_TEMPORARY_LOCKOUT for it. With
// permanentLockout the user is disabled instead once the failures (maxTemporaryLockouts 0) or the temporary
// lockouts (above maxTemporaryLockouts) are too many. While locked, even the right password gets "Invalid
// username or password." and counts nothing. OTP failures are not counted here (Keycloak counts them too).
import type { BruteForceSettings } from '../model/types.ts';

interface FailureRecord {
  failures: number;
  temporaryLockouts: number;
  lastFailureMs: number;
  lockedUntilMs: number;
}

/** What one failure did: a temporary lockout until `notBeforeMs`, and/or a permanent one. */
export interface FailureOutcome {
  failures: number;
  temporaryLockout?: { notBeforeMs: number };
  permanentLockout: boolean;
}

export class BruteForceProtector {
  readonly #records = new Map<string, FailureRecord>();

  isLocked(settings: BruteForceSettings, userId: string, nowMs: number): boolean {
    if (!settings.enabled) return false;
    const record = this.#records.get(userId);
    return record !== undefined && nowMs < record.lockedUntilMs;
  }

  failed(settings: BruteForceSettings, userId: string, nowMs: number): FailureOutcome | undefined {
    if (!settings.enabled) return undefined;
    const record = this.#records.get(userId) ?? {
      failures: 0,
      temporaryLockouts: 0,
      lastFailureMs: 0,
      lockedUntilMs: 0,
    };
    const onlyPermanent = settings.permanentLockout && settings.maxTemporaryLockouts === 0;
    const delta = record.lastFailureMs > 0 ? nowMs - record.lastFailureMs : 0;
    const last = record.lastFailureMs;
    record.lastFailureMs = nowMs;
    if (!onlyPermanent && delta > settings.maxDeltaTimeSeconds * 1000) {
      record.failures = 0;
      record.temporaryLockouts = 0;
    }
    record.failures += 1;
    let waitSeconds = 0;
    if (!onlyPermanent)
      waitSeconds =
        settings.strategy === 'MULTIPLE'
          ? settings.waitIncrementSeconds * Math.floor(record.failures / settings.failureFactor)
          : settings.waitIncrementSeconds * (1 + record.failures - settings.failureFactor);
    let quick = false;
    if (waitSeconds <= 0 && last > 0 && delta < settings.quickLoginCheckMilliSeconds) {
      waitSeconds = settings.minimumQuickLoginWaitSeconds;
      quick = true;
    }
    const outcome: FailureOutcome = { failures: record.failures, permanentLockout: false };
    if (waitSeconds > 0) {
      if (!settings.permanentLockout || settings.maxTemporaryLockouts > 0)
        waitSeconds = Math.min(settings.maxFailureWaitSeconds, waitSeconds);
      if (!quick) record.temporaryLockouts += 1;
      if (quick || !settings.permanentLockout || record.temporaryLockouts <= settings.maxTemporaryLockouts) {
        // Keycloak keeps the not-before in whole seconds.
        record.lockedUntilMs = (Math.floor(nowMs / 1000) + waitSeconds) * 1000;
        outcome.temporaryLockout = { notBeforeMs: record.lockedUntilMs };
      }
    }
    if (
      settings.permanentLockout &&
      (record.temporaryLockouts > settings.maxTemporaryLockouts ||
        (settings.maxTemporaryLockouts === 0 && record.failures >= settings.failureFactor))
    )
      outcome.permanentLockout = true;
    this.#records.set(userId, record);
    return outcome;
  }

  succeeded(userId: string): void {
    this.#records.delete(userId);
  }
}
