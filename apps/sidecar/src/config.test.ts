import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_SPA_DIR,
  DEFAULT_SUPPORT_TEXT,
  ENV_VARIABLES,
  loadConfig,
  renderEnvTable,
} from './config.ts';

const MINIMAL = { CREDMAN_KEYCLOAK_URL: 'http://localhost:8180/', CREDMAN_CLIENT_SECRET: 'top-secret-value' };

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('given only the required variables, then every default applies', () => {
    const config = loadConfig(MINIMAL);
    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'http://localhost:8080',
      keycloak: {
        url: 'http://localhost:8180',
        realm: 'credman',
        issuer: 'http://localhost:8180/realms/credman',
        jwksUrl: 'http://localhost:8180/realms/credman/protocol/openid-connect/certs',
        clientId: 'credman-sidecar',
        timeoutMs: 5000,
        // Keycloak 26.7 marks no login with the rotated secret, so there is no key to read by default.
        rotatedSecretEventDetail: undefined,
      },
      auth: {
        consoleClientId: 'credman-console',
        audience: 'credman-sidecar',
        mfaAcr: 'mfa',
        operatorRole: 'credman-operator',
      },
      timeZone: 'UTC',
      maxValidityDays: undefined,
      sweepIntervalSeconds: 300,
      reconcileHourUtc: 3,
      logLevel: 'info',
      trustProxyHops: 0,
      rateLimitMutationsPerMinute: 30,
      rateLimitReadsPerMinute: 240,
      requestDeadlineMs: 8000,
      spaDir: DEFAULT_SPA_DIR,
      mail: { smtpUrl: undefined, from: undefined, operatorEmail: undefined, replyTo: undefined },
      reminders: { enabled: true, schedule: '0 * * * *' },
    });
    expect(config.keycloak.clientSecret.reveal()).toBe('top-secret-value');
    expect(DEFAULT_SPA_DIR.endsWith(join('apps', 'admin-spa', 'dist'))).toBe(true);
  });

  it('given every variable, then each is used', () => {
    const config = loadConfig({
      ...MINIMAL,
      CREDMAN_PORT: '9000',
      CREDMAN_PUBLIC_URL: 'https://credman.example.com/',
      CREDMAN_REALM: 'partners',
      CREDMAN_CLIENT_ID: 'sidecar',
      CREDMAN_CONSOLE_CLIENT_ID: 'console',
      CREDMAN_AUDIENCE: 'api',
      CREDMAN_MFA_ACR: 'gold',
      CREDMAN_OPERATOR_ROLE: 'ops',
      CREDMAN_TIME_ZONE: 'Europe/Berlin',
      CREDMAN_MAX_VALIDITY_DAYS: '90',
      CREDMAN_KEYCLOAK_TIMEOUT_MS: '2500',
      CREDMAN_ROTATED_SECRET_EVENT_DETAIL: 'rotated_marker',
      CREDMAN_SWEEP_INTERVAL_SECONDS: '60',
      CREDMAN_RECONCILE_HOUR_UTC: '22',
      CREDMAN_LOG_LEVEL: 'debug',
      CREDMAN_TRUST_PROXY_HOPS: '2',
      CREDMAN_RATE_LIMIT_MUTATIONS_PER_MINUTE: '5',
      CREDMAN_RATE_LIMIT_READS_PER_MINUTE: '50',
      CREDMAN_REQUEST_DEADLINE_MS: '3000',
      CREDMAN_SPA_DIR: '/srv/spa',
      CREDMAN_SMTP_URL: 'smtp://user:pw@mail:587',
      CREDMAN_MAIL_FROM: 'credman <credman@example.com>',
      CREDMAN_OPERATOR_EMAIL: 'ops@example.com',
      CREDMAN_MAIL_REPLY_TO: 'support@example.com',
      CREDMAN_REMINDERS_ENABLED: 'false',
      CREDMAN_REMINDERS_SCHEDULE: '30 6 * * 1-5',
    });
    expect(config).toMatchObject({
      port: 9000,
      publicUrl: 'https://credman.example.com',
      keycloak: {
        issuer: 'http://localhost:8180/realms/partners',
        clientId: 'sidecar',
        timeoutMs: 2500,
        rotatedSecretEventDetail: 'rotated_marker',
      },
      auth: { consoleClientId: 'console', audience: 'api', mfaAcr: 'gold', operatorRole: 'ops' },
      timeZone: 'Europe/Berlin',
      maxValidityDays: 90,
      sweepIntervalSeconds: 60,
      reconcileHourUtc: 22,
      logLevel: 'debug',
      trustProxyHops: 2,
      rateLimitMutationsPerMinute: 5,
      rateLimitReadsPerMinute: 50,
      requestDeadlineMs: 3000,
      spaDir: '/srv/spa',
      mail: {
        from: 'credman <credman@example.com>',
        operatorEmail: 'ops@example.com',
        replyTo: 'support@example.com',
      },
      reminders: { enabled: false, schedule: '30 6 * * 1-5' },
    });
    expect(config.mail.smtpUrl?.reveal()).toBe('smtp://user:pw@mail:587');
  });

  it('given empty strings (as compose files pass unset variables), then they count as unset', () => {
    const config = loadConfig({
      ...MINIMAL,
      CREDMAN_PORT: '',
      CREDMAN_MAX_VALIDITY_DAYS: '',
      CREDMAN_ROTATED_SECRET_EVENT_DETAIL: '',
    });
    expect(config).toMatchObject({ port: 8080, maxValidityDays: undefined });
    expect(config.keycloak.rotatedSecretEventDetail).toBeUndefined();
  });

  it.each([
    ['CREDMAN_PORT', '80a', 'must be a whole number from 0 to 65535'],
    ['CREDMAN_PORT', '70000', 'must be a whole number from 0 to 65535'],
    ['CREDMAN_PUBLIC_URL', 'credman.example.com', 'must be an http(s) URL'],
    ['CREDMAN_KEYCLOAK_URL', 'ftp://keycloak', 'must be an http(s) URL'],
    ['CREDMAN_REALM', 'my realm', 'must be a realm name'],
    ['CREDMAN_CLIENT_ID', 'a/b', 'must be a client ID'],
    ['CREDMAN_CONSOLE_CLIENT_ID', 'a b', 'must be a client ID'],
    ['CREDMAN_AUDIENCE', 'a b', 'must be an audience'],
    ['CREDMAN_MFA_ACR', '{"mfa":2}', 'must be an acr value'],
    ['CREDMAN_OPERATOR_ROLE', 'a b', 'must be a role name'],
    ['CREDMAN_TIME_ZONE', 'Mars/Olympus', 'must be an IANA time zone'],
    ['CREDMAN_MAX_VALIDITY_DAYS', '0', 'must be a whole number from 1 to 366'],
    ['CREDMAN_MAX_VALIDITY_DAYS', '367', 'must be a whole number from 1 to 366'],
    ['CREDMAN_KEYCLOAK_TIMEOUT_MS', '-1', 'must be a whole number from 100 to 120000'],
    ['CREDMAN_ROTATED_SECRET_EVENT_DETAIL', 'a detail key', 'must be an event detail key'],
    ['CREDMAN_SWEEP_INTERVAL_SECONDS', '1.5', 'must be a whole number from 10 to 86400'],
    ['CREDMAN_RECONCILE_HOUR_UTC', '24', 'must be a whole number from 0 to 23'],
    ['CREDMAN_LOG_LEVEL', 'verbose', 'must be one of fatal, error, warn, info, debug, trace, silent'],
    ['CREDMAN_TRUST_PROXY_HOPS', 'true', 'must be a whole number from 0 to 10'],
    ['CREDMAN_RATE_LIMIT_MUTATIONS_PER_MINUTE', '0', 'must be a whole number from 1 to 10000'],
    ['CREDMAN_SMTP_URL', 'http://mail', 'must be an smtp:// or smtps:// URL'],
    ['CREDMAN_MAIL_FROM', 'not an address', 'must be an address or Name <address>'],
    ['CREDMAN_OPERATOR_EMAIL', 'ops', 'must be an email address'],
    ['CREDMAN_MAIL_REPLY_TO', 'support', 'must be an email address'],
    ['CREDMAN_REMINDERS_ENABLED', 'yes', 'must be true or false'],
    ['CREDMAN_REMINDERS_SCHEDULE', 'every hour', 'must be a cron pattern such as 0 * * * *'],
    ['CREDMAN_REMINDERS_SCHEDULE', '0 25 * * *', 'must be a cron pattern such as 0 * * * *'],
  ])('given %s=%j, then the error names it: %s', (name, value, reason) => {
    const error = configError({
      ...MINIMAL,
      CREDMAN_SMTP_URL: 'smtp://mail',
      CREDMAN_MAIL_FROM: 'a@b.example',
      [name]: value,
    });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.startsWith(`${name}: ${reason}`)).toBe(true);
    // The value itself is never echoed (short values like "0" occur in the wording by chance).
    if (value.length > 3) expect(error.message).not.toContain(value);
  });

  it('given the required variables missing, then both are named as required', () => {
    expect(configError({}).problems).toEqual([
      'CREDMAN_KEYCLOAK_URL: is required',
      'CREDMAN_CLIENT_SECRET: is required',
    ]);
  });

  it('given many bad variables, then ONE error names every one of them', () => {
    const error = configError({ CREDMAN_PORT: 'x', CREDMAN_TIME_ZONE: 'Nowhere', CREDMAN_LOG_LEVEL: 'loud' });
    expect(error.message.split('\n')).toEqual([
      'Invalid configuration:',
      '  CREDMAN_PORT: must be a whole number from 0 to 65535',
      '  CREDMAN_KEYCLOAK_URL: is required',
      '  CREDMAN_CLIENT_SECRET: is required',
      '  CREDMAN_TIME_ZONE: must be an IANA time zone such as Europe/Berlin',
      '  CREDMAN_LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  describe('private-key-jwt', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQ-test-only\n-----END PRIVATE KEY-----\n';
    const jwt = { CREDMAN_KEYCLOAK_URL: 'http://localhost:8180', CREDMAN_CLIENT_AUTH: 'private-key-jwt' };

    it('given the key in the variable, then no secret is needed and the key is kept redacted', () => {
      const config = loadConfig({ ...jwt, CREDMAN_CLIENT_PRIVATE_KEY: pem });
      expect(config.keycloak.clientAuth).toBe('private-key-jwt');
      expect(config.keycloak.privateKey?.reveal()).toBe(pem);
      expect(JSON.stringify(config)).not.toContain('MIIEvQ');
    });

    it('given the key in a file, then it is read from there', () => {
      const dir = mkdtempSync(join(tmpdir(), 'credman-config-'));
      const file = join(dir, 'sidecar.pem');
      writeFileSync(file, pem);
      expect(
        loadConfig({ ...jwt, CREDMAN_CLIENT_PRIVATE_KEY_FILE: file }).keycloak.privateKey?.reveal(),
      ).toBe(pem);
      expect(
        configError({ ...jwt, CREDMAN_CLIENT_PRIVATE_KEY_FILE: join(dir, 'missing.pem') }).problems,
      ).toEqual(['CREDMAN_CLIENT_PRIVATE_KEY_FILE: cannot be read']);
    });

    it('given neither or both, or something that is no PEM key, then one problem says so without the value', () => {
      expect(configError(jwt).problems).toEqual([
        'CREDMAN_CLIENT_PRIVATE_KEY: set it or CREDMAN_CLIENT_PRIVATE_KEY_FILE (exactly one) when CREDMAN_CLIENT_AUTH is private-key-jwt',
      ]);
      const notPem = configError({ ...jwt, CREDMAN_CLIENT_PRIVATE_KEY: 'secret-but-no-pem' });
      expect(notPem.problems).toEqual(['CREDMAN_CLIENT_PRIVATE_KEY: must be a PKCS#8 PEM private key']);
      expect(notPem.message).not.toContain('secret-but-no-pem');
    });

    it('given the default client-secret, then the secret stays required and a key is ignored', () => {
      expect(loadConfig(MINIMAL).keycloak).toMatchObject({
        clientAuth: 'client-secret',
        privateKey: undefined,
      });
    });
  });

  it('given a request deadline and Keycloak timeout that together reach the claim lease, then one problem says so', () => {
    expect(
      configError({ ...MINIMAL, CREDMAN_REQUEST_DEADLINE_MS: '100000', CREDMAN_KEYCLOAK_TIMEOUT_MS: '20000' })
        .problems,
    ).toEqual([
      "CREDMAN_REQUEST_DEADLINE_MS: with CREDMAN_KEYCLOAK_TIMEOUT_MS it must stay under 120000 ms (the revision claim's lease); together they are 120000 ms",
    ]);
    expect(
      loadConfig({ ...MINIMAL, CREDMAN_REQUEST_DEADLINE_MS: '100000', CREDMAN_KEYCLOAK_TIMEOUT_MS: '19999' }),
    ).toMatchObject({ requestDeadlineMs: 100_000 });
  });

  it('given no support contact, then there is none (the console and mails show no support line)', () => {
    expect(loadConfig(MINIMAL).support).toBeUndefined();
  });

  it('given a support address, then it is the contact with the default sentence, or the given one', () => {
    expect(loadConfig({ ...MINIMAL, CREDMAN_SUPPORT_EMAIL: 'support@example.com' }).support).toEqual({
      email: 'support@example.com',
      text: DEFAULT_SUPPORT_TEXT,
    });
    expect(
      loadConfig({
        ...MINIMAL,
        CREDMAN_SUPPORT_EMAIL: 'support@example.com',
        CREDMAN_SUPPORT_TEXT: 'Questions or access requests: mail the partner desk at',
      }).support,
    ).toEqual({
      email: 'support@example.com',
      text: 'Questions or access requests: mail the partner desk at',
    });
  });

  it.each([
    [{ CREDMAN_SUPPORT_EMAIL: 'not an address' }, 'CREDMAN_SUPPORT_EMAIL: must be an email address'],
    [{ CREDMAN_SUPPORT_TEXT: 'Write to' }, 'CREDMAN_SUPPORT_TEXT: needs CREDMAN_SUPPORT_EMAIL'],
    [
      { CREDMAN_SUPPORT_EMAIL: 'support@example.com', CREDMAN_SUPPORT_TEXT: 'two\nlines' },
      'CREDMAN_SUPPORT_TEXT: must be one line of text without < or >',
    ],
    [
      { CREDMAN_SUPPORT_EMAIL: 'support@example.com', CREDMAN_SUPPORT_TEXT: 'x'.repeat(201) },
      'CREDMAN_SUPPORT_TEXT: must be one line of 1-200 characters',
    ],
  ])('given a bad support contact %j, then the start is refused naming it', (env, problem) => {
    expect(configError({ ...MINIMAL, ...env }).problems.join('\n')).toContain(problem);
  });

  it('given an SMTP URL without a sender, then CREDMAN_MAIL_FROM is required', () => {
    expect(configError({ ...MINIMAL, CREDMAN_SMTP_URL: 'smtps://mail' }).problems).toEqual([
      'CREDMAN_MAIL_FROM: is required when CREDMAN_SMTP_URL is set',
    ]);
  });

  it('given secrets, then they appear in no error message and not when the config is logged or printed', () => {
    const password = 'hunter2-password';
    const error = configError({
      CREDMAN_KEYCLOAK_URL: 'keycloak',
      CREDMAN_CLIENT_SECRET: 'the-client-secret',
      CREDMAN_SMTP_URL: `http://user:${password}@mail`,
    });
    expect(error.message).not.toContain(password);
    expect(error.message).not.toContain('the-client-secret');

    const config = loadConfig({
      ...MINIMAL,
      CREDMAN_SMTP_URL: `smtp://user:${password}@mail`,
      CREDMAN_MAIL_FROM: 'a@b.example',
    });
    for (const shown of [
      JSON.stringify(config),
      inspect(config, { depth: 5 }),
      String(config.keycloak.clientSecret),
    ]) {
      expect(shown).not.toContain('top-secret-value');
      expect(shown).not.toContain(password);
    }
  });
});

describe('ENV_VARIABLES', () => {
  it('describes exactly the variables loadConfig reads', () => {
    const read = new Set<string>();
    const base: Record<string, string | undefined> = { ...MINIMAL };
    const env = new Proxy(base, {
      get(target, name) {
        if (typeof name === 'string') read.add(name);
        return target[name as string];
      },
    });
    loadConfig(env);
    expect([...read].sort()).toEqual(ENV_VARIABLES.map((variable) => variable.name).sort());
  });

  it('describes every CREDMAN_ variable named anywhere in the sidecar source', () => {
    const described = new Set<string>(ENV_VARIABLES.map((variable) => variable.name));
    const sourceDir = import.meta.dirname;
    const files = readdirSync(sourceDir, { recursive: true, encoding: 'utf8' }).filter(
      // Production source only: tests and test support (test/, testing/) name realm placeholders of their own.
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !/(^|\/)(test|testing)\//.test(file),
    );
    const named = files.flatMap(
      (file) => readFileSync(join(sourceDir, file), 'utf8').match(/CREDMAN_[A-Z0-9_]+/g) ?? [],
    );
    expect(named.length).toBeGreaterThan(ENV_VARIABLES.length);
    // CREDMAN_DEMO_* belong to `npm start` (its run file, which the reminders CLI reads), not to the sidecar.
    expect(named.filter((name) => !described.has(name) && !name.startsWith('CREDMAN_DEMO_'))).toEqual([]);
  });

  it('gives every variable a description, and marks exactly the two required ones', () => {
    for (const variable of ENV_VARIABLES) expect(variable.description.length).toBeGreaterThan(10);
    expect(ENV_VARIABLES.filter((variable) => variable.required).map((variable) => variable.name)).toEqual([
      'CREDMAN_KEYCLOAK_URL',
      'CREDMAN_CLIENT_SECRET',
    ]);
    expect(ENV_VARIABLES.filter((variable) => variable.secret).map((variable) => variable.name)).toEqual([
      'CREDMAN_CLIENT_PRIVATE_KEY',
      'CREDMAN_CLIENT_SECRET',
      'CREDMAN_SMTP_URL',
    ]);
  });

  it('is what the README table shows (ignoring column padding)', () => {
    const normalise = (markdown: string) =>
      markdown
        .split('\n')
        .map((line) =>
          line
            .split('|')
            .map((cell) => cell.trim().replace(/^:?-+:?$/, '---'))
            .join('|'),
        )
        .join('\n');
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    expect(normalise(readme)).toContain(normalise(renderEnvTable()));
  });
});
