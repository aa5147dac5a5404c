// The demo users' current one-time codes, computed from the OTP keys the demo realm holds (keycloak-realm/README.md
// → Demo data), as an authenticator app would show them.
import { generateSync } from 'otplib';

export interface DemoCode {
  username: string;
  code: string;
  secondsLeft: number;
}

interface RealmUser {
  username: string;
  credentials?: { type: string; secretData?: string }[];
}

/** The current code of every demo user with an OTP credential (stored as raw UTF-8 key, HmacSHA1, 6 digits, 30 s). */
export function demoCodes(realmJson: string, nowMs: number): DemoCode[] {
  const users = (JSON.parse(realmJson) as { users?: RealmUser[] }).users ?? [];
  const epoch = Math.floor(nowMs / 1000);
  return users.flatMap((user) =>
    (user.credentials ?? [])
      .filter((credential) => credential.type === 'otp' && credential.secretData !== undefined)
      .map((credential) => {
        const key = (JSON.parse(credential.secretData ?? '{}') as { value: string }).value;
        const code = generateSync({
          secret: new TextEncoder().encode(key),
          epoch,
          period: 30,
          digits: 6,
          algorithm: 'sha1',
        });
        return { username: user.username, code, secondsLeft: 30 - (epoch % 30) };
      }),
  );
}
