// `npm run keycloak-double` as a process: the demo TOTP panel appears only when --demo-show-totp is passed
// (only `npm start` passes it), so every other use of the server shows Keycloak's plain login page.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const TSX_CLI = require.resolve('tsx/cli');
const SERVER_MAIN = fileURLToPath(new URL('./server-main.ts', import.meta.url));

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  child = undefined;
});

/** Starts the server on a free port and returns its base URL, read from its first output line. */
async function startDouble(flags: string[]): Promise<string> {
  const started = spawn(process.execPath, [TSX_CLI, SERVER_MAIN, '--port', '0', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CREDMAN_SIDECAR_CLIENT_SECRET: 'server-main-test-secret' },
  });
  child = started;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the double did not start:\n${output}`));
    }, 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    started.stdout.on('data', onData);
    started.stderr.on('data', onData);
    started.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the double exited with ${String(code)}:\n${output}`));
    });
  });
}

async function loginPageHtml(baseUrl: string): Promise<string> {
  const query = new URLSearchParams({
    client_id: 'credman-console',
    redirect_uri: 'http://localhost:8080/',
    response_type: 'code',
    scope: 'openid',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  const response = await fetch(`${baseUrl}/realms/credman/protocol/openid-connect/auth?${query.toString()}`);
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain('id="kc-form-login"');
  return html;
}

describe('server-main --demo-show-totp', () => {
  it('given no flag, when the login page opens, then it has no demo codes', async () => {
    const html = await loginPageHtml(await startDouble([]));
    expect(html).not.toContain('id="demo-totp"');
    expect(html).not.toMatch(/demo only/i);
  });

  it('given --demo-show-totp, when the login page opens, then it shows the labelled demo codes', async () => {
    const html = await loginPageHtml(await startDouble(['--demo-show-totp']));
    expect(html).toContain('id="demo-totp"');
    expect(html).toContain('Demo only');
    expect(html).toMatch(/<td>alice<\/td><td><code class="demo-totp-code">\d{6}<\/code>/);
  });
});

/** GET credman/info as the demo realm's sidecar (its service account may list clients). */
async function extensionInfoStatus(baseUrl: string): Promise<number> {
  const token = await fetch(`${baseUrl}/realms/credman/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'credman-sidecar',
      client_secret: 'server-main-test-secret',
    }),
  });
  expect(token.status).toBe(200);
  const { access_token } = (await token.json()) as { access_token: string };
  const info = await fetch(`${baseUrl}/admin/realms/credman/credman/info`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  return info.status;
}

describe('server-main --extension', () => {
  it("given no flag, then credman's Keycloak extension is modelled", async () => {
    expect(await extensionInfoStatus(await startDouble([]))).toBe(200);
  });

  it('given --extension off, then the double answers as stock Keycloak', async () => {
    expect(await extensionInfoStatus(await startDouble(['--extension', 'off']))).toBe(404);
  });
});
