// The QR code of Keycloak's TOTP set-up page: the key's otpauth:// URI (as OTPPolicy.getKeyURI builds it), drawn
// as inline SVG from the `qrcode` library's module matrix, so the page needs no image request and no script.
import QRCode from 'qrcode';
import type { OtpPolicy } from '../model/types.ts';

/** `otpauth://totp/<realm>:<username>?secret=…` with the policy's digits, algorithm and period. */
export function otpAuthUri(input: {
  realmName: string;
  username: string;
  base32Key: string;
  policy: Pick<OtpPolicy, 'algorithm' | 'digits' | 'period'>;
}): string {
  const label = `${encodeURIComponent(input.realmName)}:${encodeURIComponent(input.username)}`;
  const query = new URLSearchParams({
    secret: input.base32Key,
    digits: String(input.policy.digits),
    algorithm: input.policy.algorithm.replace(/^Hmac/, ''),
    issuer: input.realmName,
    period: String(input.policy.period),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}

/** The QR code of `text` as an SVG element: one path of dark modules on white, with a four-module quiet zone. */
export function qrCodeSvg(text: string): string {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const quiet = 4;
  const cells: string[] = [];
  for (let row = 0; row < size; row++)
    for (let column = 0; column < size; column++)
      if (data[row * size + column]) cells.push(`M${String(column + quiet)} ${String(row + quiet)}h1v1h-1z`);
  const extent = size + 2 * quiet;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${String(extent)} ${String(extent)}" shape-rendering="crispEdges" aria-hidden="true"><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="${cells.join('')}"/></svg>`;
}
