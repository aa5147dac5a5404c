// Brute-force detection of the password form (DefaultBruteForceProtector, AbstractUsernameFormAuthenticator):
// a wrong password counts a failure; at every failureFactor-th failure the user is locked for
// waitIncrementSeconds × (failures ÷ failureFactor), at most maxFailureWaitSeconds; a failure within
// quickLoginCheckMilliSeconds of the previous one locks for at least minimumQuickLoginWaitSeconds; failures older
// than maxDeltaTimeSeconds start the count afresh; a successful login clears it. While locked, even the right
// password gets "Invalid username or password." and counts nothing. The wait formula beyond the first lockout is
// Keycloak's MULTIPLE strategy as read, not measured; OTP failures are not counted here.
import type { BruteForceSettings } from '../model/types.ts';

interface FailureRecord {
  failures: number;
  lastFailureMs: number;
  lockedUntilMs: number;
}

export class BruteForceProtector {
  readonly #records = new Map<string, FailureRecord>();

  isLocked(settings: BruteForceSettings, userId: string, nowMs: number): boolean {
    if (!settings.enabled) return false;
    const record = this.#records.get(userId);
    return record !== undefined && nowMs < record.lockedUntilMs;
  }

  failed(settings: BruteForceSettings, userId: string, nowMs: number): void {
    if (!settings.enabled) return;
    const previous = this.#records.get(userId);
    const fresh =
      previous === undefined || nowMs - previous.lastFailureMs > settings.maxDeltaTimeSeconds * 1000;
    const record = fresh ? { failures: 0, lastFailureMs: 0, lockedUntilMs: 0 } : previous;
    const quick = !fresh && nowMs - record.lastFailureMs < settings.quickLoginCheckMilliSeconds;
    record.failures += 1;
    record.lastFailureMs = nowMs;
    let waitSeconds = 0;
    if (record.failures % settings.failureFactor === 0) {
      waitSeconds = settings.permanentLockout
        ? Number.POSITIVE_INFINITY
        : Math.min(
            settings.waitIncrementSeconds * (record.failures / settings.failureFactor),
            settings.maxFailureWaitSeconds,
          );
    }
    if (quick) waitSeconds = Math.max(waitSeconds, settings.minimumQuickLoginWaitSeconds);
    if (waitSeconds > 0) record.lockedUntilMs = nowMs + waitSeconds * 1000;
    this.#records.set(userId, record);
  }

  succeeded(userId: string): void {
    this.#records.delete(userId);
  }
}
