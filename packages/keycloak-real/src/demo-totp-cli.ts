// `npm run demo:totp`: prints the demo users' current one-time codes, for the demo on the REAL Keycloak
// (`npm run keycloak:real`, `npm start -- --real-keycloak`), whose login page shows none. Each code works once;
// run again for the next one.
import { readFileSync } from 'node:fs';
import { DEMO_IMPORT_FILE } from './demo-realm.ts';
import { demoCodes } from './demo-totp.ts';

for (const { username, code, secondsLeft } of demoCodes(readFileSync(DEMO_IMPORT_FILE, 'utf8'), Date.now())) {
  process.stdout.write(`${username.padEnd(8)} ${code}   (changes in ${String(secondsLeft).padStart(2)} s)\n`);
}
process.stdout.write('Demo only: these keys are public (keycloak-realm/README.md). Each code works once.\n');
