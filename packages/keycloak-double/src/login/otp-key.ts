// How Keycloak turns an OTP credential's stored secret into HMAC key bytes (OTPCredentialModel.getDecodedSecret):
// the raw UTF-8 bytes of the value, unless credentialData says secretEncoding BASE32.
import { ScureBase32Plugin } from 'otplib';

const base32 = new ScureBase32Plugin();

export function decodeOtpKey(value: string, secretEncoding: string | undefined): Uint8Array {
  if (secretEncoding === 'BASE32') return base32.decode(value.replace(/\s/g, '').toUpperCase());
  return new TextEncoder().encode(value);
}

/** What an authenticator app is given for a key: Base32 of the key bytes (OTPPolicy.getKeyURI). */
export function otpKeyForAuthenticatorApp(key: Uint8Array): string {
  return base32.encode(key, { padding: false });
}
