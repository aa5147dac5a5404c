import { describe, expect, it } from 'vitest';
import type { OtpCredentialModel, OtpPolicy } from '../model/types.ts';
import { DEFAULT_OTP_POLICY } from '../model/realm.ts';
import { UsedOtpCodes, totpCode, verifyTotp } from './totp.ts';

const T = 1_800_000_000; // a step boundary: 1_800_000_000 / 30 is whole
const credential: OtpCredentialModel = {
  id: 'cred-1',
  createdDate: 0,
  key: new TextEncoder().encode('abcdefghij0123456789'),
  algorithm: 'HmacSHA1',
  digits: 6,
  period: 30,
};

function verify(
  code: string,
  now: number,
  policy: OtpPolicy = DEFAULT_OTP_POLICY,
  used = new UsedOtpCodes(),
) {
  return verifyTotp([credential], code, policy, used, now);
}

describe('TOTP verification', () => {
  it('given the look-ahead window 1, then codes of the previous, current and next step pass and two steps off fail', () => {
    expect(verify(totpCode(credential, T), T + 5)).toBe(true);
    expect(verify(totpCode(credential, T - 30), T + 5)).toBe(true);
    expect(verify(totpCode(credential, T + 30), T + 5)).toBe(true);
    expect(verify(totpCode(credential, T + 60), T + 5)).toBe(false);
    expect(verify(totpCode(credential, T - 60), T + 5)).toBe(false);
  });

  it('given window 0, then only the current step passes', () => {
    const strict = { ...DEFAULT_OTP_POLICY, lookAheadWindow: 0 };
    expect(verify(totpCode(credential, T), T + 5, strict)).toBe(true);
    expect(verify(totpCode(credential, T + 30), T + 5, strict)).toBe(false);
  });

  it('given codes are not reusable, when a code is used twice, then the second use fails until its lifespan is over', () => {
    const used = new UsedOtpCodes();
    const code = totpCode(credential, T);
    expect(verify(code, T, DEFAULT_OTP_POLICY, used)).toBe(true);
    expect(verify(code, T + 1, DEFAULT_OTP_POLICY, used)).toBe(false);
    // period × (2 × window + 1) = 90 s later the same digits may come round again.
    expect(used.claim('cred-1.' + code, 90, T + 90)).toBe(true);
  });

  it('given otpPolicyCodeReusable, then the same code passes twice', () => {
    const used = new UsedOtpCodes();
    const reusable = { ...DEFAULT_OTP_POLICY, codeReusable: true };
    const code = totpCode(credential, T);
    expect(verify(code, T, reusable, used)).toBe(true);
    expect(verify(code, T, reusable, used)).toBe(true);
  });

  it('given the credential uses SHA-256 and 8 digits, then codes follow the credential, not the realm policy', () => {
    const sha256 = { ...credential, algorithm: 'HmacSHA256' as const, digits: 8 };
    const code = totpCode(sha256, T);
    expect(code).toHaveLength(8);
    expect(verifyTotp([sha256], code, DEFAULT_OTP_POLICY, new UsedOtpCodes(), T)).toBe(true);
  });

  it('given non-digits or an empty code, then verification fails', () => {
    expect(verify('abcdef', T)).toBe(false);
    expect(verify('', T)).toBe(false);
  });
});
