// TOTP verification as OTPCredentialProvider.isValid does it: the credential's own
// algorithm, digits and period; the realm policy's look-around window (symmetric, TimeBasedOTP); and, unless the
// policy allows reuse, a single-use store keyed by credential id + code for period × (2 × window + 1) seconds.
import { generateSync, verifySync } from 'otplib';
import type { HashAlgorithm } from 'otplib';
import type { OtpCredentialModel, OtpPolicy } from '../model/types.ts';

const HASH: Record<OtpCredentialModel['algorithm'], HashAlgorithm> = {
  HmacSHA1: 'sha1',
  HmacSHA256: 'sha256',
  HmacSHA512: 'sha512',
};

/** Codes already accepted, with the epoch second until which they stay blocked. */
export class UsedOtpCodes {
  private readonly entries = new Map<string, number>();

  /** Keycloak's SingleUseObjectProvider.putIfAbsent: false when the key is still held. */
  claim(key: string, lifespanSeconds: number, nowSeconds: number): boolean {
    const until = this.entries.get(key);
    if (until !== undefined && until > nowSeconds) return false;
    this.entries.set(key, nowSeconds + lifespanSeconds);
    return true;
  }
}

function matches(credential: OtpCredentialModel, code: string, window: number, nowSeconds: number): boolean {
  if (!/^\d+$/.test(code)) return false;
  const result = verifySync({
    secret: credential.key,
    token: code,
    algorithm: HASH[credential.algorithm],
    digits: credential.digits,
    period: credential.period,
    epoch: nowSeconds,
    epochTolerance: credential.period * window,
  });
  return result.valid;
}

/** Whether `code` is a valid, unused code of one of the user's OTP credentials; records it as used. */
export function verifyTotp(
  credentials: OtpCredentialModel[],
  code: string,
  policy: OtpPolicy,
  used: UsedOtpCodes,
  nowSeconds: number,
): boolean {
  const trimmed = code.trim();
  for (const credential of credentials) {
    if (!matches(credential, trimmed, policy.lookAheadWindow, nowSeconds)) continue;
    if (policy.codeReusable) return true;
    const lifespan = credential.period * (2 * policy.lookAheadWindow + 1);
    return used.claim(`${credential.id}.${trimmed}`, lifespan, nowSeconds);
  }
  return false;
}

/** The code an authenticator app shows for a credential at `epochSeconds` (tests and the CONFIGURE_TOTP page). */
export function totpCode(
  credential: Pick<OtpCredentialModel, 'key' | 'algorithm' | 'digits' | 'period'>,
  epochSeconds: number,
): string {
  return generateSync({
    secret: credential.key,
    algorithm: HASH[credential.algorithm],
    digits: credential.digits,
    period: credential.period,
    epoch: epochSeconds,
  });
}
