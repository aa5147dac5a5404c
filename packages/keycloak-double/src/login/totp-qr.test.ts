// The TOTP set-up page's QR code: the otpauth URI an authenticator app expects, drawn as SVG from its matrix.
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { otpAuthUri, qrCodeSvg } from './totp-qr.ts';

describe('otpAuthUri and qrCodeSvg', () => {
  it('builds the key URI as Keycloak does: realm and username label, Base32 secret, the policy', () => {
    expect(
      otpAuthUri({
        realmName: 'credman',
        username: 'nora',
        base32Key: 'OJQWS3JT',
        policy: { algorithm: 'HmacSHA1', digits: 6, period: 30 },
      }),
    ).toBe('otpauth://totp/credman:nora?secret=OJQWS3JT&digits=6&algorithm=SHA1&issuer=credman&period=30');
  });

  it('draws one square per dark module of the QR matrix, inside a quiet zone', () => {
    const text = 'otpauth://totp/credman:nora?secret=OJQWS3JT';
    const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
    const svg = qrCodeSvg(text);
    expect(svg).toContain(`viewBox="0 0 ${String(size + 8)} ${String(size + 8)}"`);
    expect(svg.match(/h1v1h-1z/g)).toHaveLength(Array.from(data).filter(Boolean).length);
    expect(svg).toMatch(/^<svg [^>]*aria-hidden="true"/);
  });
});
