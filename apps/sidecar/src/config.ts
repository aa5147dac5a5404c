// The sidecar's configuration: environment variables, validated once at start
// (docs/architecture.md#operations). Every variable is described here as data (name, description, default) so
// that the README table and the validation cannot drift apart; loadConfig() reads nothing else.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cron } from 'croner';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { SecretString } from './secret-string.ts';

/**
 * The revision claim's lease (docs/architecture.md#revision-claim): longer than any request Keycloak could still
 * be processing after the adapter's timeout gave up on it. Configuration owns it because the request deadline is
 * checked against it.
 */
export const DEFAULT_CLAIM_LEASE_MS = 120_000;

/** Keycloak's client authenticators for the sidecar: a signed JWT (client-jwt) or the client secret. */
export const CLIENT_AUTH_METHODS = ['client-secret', 'private-key-jwt'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The built SPA inside this repository; only served when it exists. */
export const DEFAULT_SPA_DIR = fileURLToPath(new URL('../../admin-spa/dist', import.meta.url));

/** Who to ask for access to an application or for help, and the sentence that introduces the address. */
export interface SupportContact {
  email: string;
  text: string;
}

/** CREDMAN_SUPPORT_TEXT's default: it reads on into the address. */
export const DEFAULT_SUPPORT_TEXT = 'For access to an application or help with credman, write to';

export interface Config {
  port: number;
  /** The management port (/metrics and the probes); undefined: no management server. */
  managementPort: number | undefined;
  /** How often the realm scan behind the overview and the credman_realm_* gauges runs. */
  realmScanIntervalSeconds: number;
  /** The console's external URL (no trailing slash), used in links such as those in mails. */
  publicUrl: string;
  keycloak: {
    /** Base URL without trailing slash, e.g. http://localhost:8180. */
    url: string;
    realm: string;
    /** Keycloak's base URL as browsers and partner systems reach it (the default is `url`). */
    publicUrl: string;
    /** `{publicUrl}/realms/{realm}`: the `iss` of the realm's tokens (Keycloak's frontend URL). */
    issuer: string;
    /** `{url}/realms/{realm}`: where the sidecar itself reaches the realm (discovery, JWKS). */
    internalIssuer: string;
    jwksUrl: string;
    /** The token endpoint partner systems use, on the public URL. */
    tokenEndpoint: string;
    clientId: string;
    /** How the sidecar authenticates at the token endpoint (docs/architecture.md#the-sidecars-service-account). */
    clientAuth: ClientAuthMethod;
    /** The client secret; empty with private-key-jwt, where it is not used. */
    clientSecret: SecretString;
    /** With private-key-jwt: the PKCS#8 PEM private key that signs the client assertion. */
    privateKey: SecretString | undefined;
    timeoutMs: number;
    /** CLIENT_LOGIN detail key that marks the rotated secret's use; undefined when Keycloak writes none (26.7). */
    rotatedSecretEventDetail: string | undefined;
  };
  auth: {
    consoleClientId: string;
    audience: string;
    mfaAcr: string;
    operatorRole: string;
  };
  timeZone: string;
  maxValidityDays: number | undefined;
  sweepIntervalSeconds: number;
  /** The UTC hour of the daily due index reconciliation (credentials/sweeper.ts). */
  reconcileHourUtc: number;
  logLevel: LogLevel;
  trustProxyHops: number;
  rateLimitMutationsPerMinute: number;
  rateLimitReadsPerMinute: number;
  rateLimitPerIpPerMinute: number;
  requestDeadlineMs: number;
  spaDir: string;
  mail: {
    smtpUrl: SecretString | undefined;
    from: string | undefined;
    operatorEmail: string | undefined;
    replyTo: string | undefined;
  };
  /** Who to ask for access or help (CREDMAN_SUPPORT_EMAIL, CREDMAN_SUPPORT_TEXT); undefined when not configured. */
  support: SupportContact | undefined;
  reminders: {
    /** Whether this replica runs the reminder job (several replicas may; the ledger prevents duplicates). */
    enabled: boolean;
    /** Cron pattern of the reminder runs, read in `timeZone`. */
    schedule: string;
  };
}

interface Variable<T> {
  description: string;
  /** The default as the string a user would write; absent means required or optional per `schema`. */
  default?: string;
  /** How the default is shown in docs when it is computed rather than a literal. */
  defaultLabel?: string;
  secret?: boolean;
  schema: z.ZodType<T, string | undefined>;
}

function required(what: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? 'is required' : what) });
}

function httpUrl() {
  return required('must be an http(s) URL')
    .refine((value) => isUrlWithProtocol(value, ['http:', 'https:']), 'must be an http(s) URL')
    .transform((value) => value.replace(/\/+$/, ''));
}

function integer(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return required(message)
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((value) => value >= min && value <= max, message);
}

function token(what: string) {
  return required(`must be ${what} (letters, digits, '.', '_', '-')`).regex(
    /^[A-Za-z0-9._-]{1,255}$/,
    `must be ${what} (letters, digits, '.', '_', '-')`,
  );
}

const emailAddress = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function isCronPattern(value: string): boolean {
  try {
    // A paused job only parses the pattern; nothing is scheduled.
    new Cron(value, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

function isUrlWithProtocol(value: string, protocols: string[]): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return protocols.includes(url.protocol) && url.hostname !== '';
}

const variables = {
  CREDMAN_PORT: {
    description: 'TCP port the HTTP server listens on (0 picks a free port).',
    default: '8080',
    schema: integer(0, 65535),
  },
  CREDMAN_MANAGEMENT_PORT: {
    description:
      'TCP port of the management server: Prometheus metrics at /metrics, and /healthz and /readyz as on the public port (0 picks a free port); unset means none. The image sets 9000. Keep it off the public network.',
    schema: integer(0, 65535).optional(),
  },
  CREDMAN_REALM_SCAN_INTERVAL_SECONDS: {
    description:
      "How often the realm scan reads every application and its managers for the operators' overview and the credman_realm_* metrics (the first runs at start).",
    default: '900',
    schema: integer(60, 86_400),
  },
  CREDMAN_PUBLIC_URL: {
    description: "The console's external URL, used for links (e.g. in mails).",
    defaultLabel: 'http://localhost:{PORT}',
    schema: httpUrl().optional(),
  },
  CREDMAN_KEYCLOAK_URL: {
    description: 'Base URL of Keycloak, e.g. http://localhost:8180 (without /realms/...).',
    schema: httpUrl(),
  },
  CREDMAN_KEYCLOAK_PUBLIC_URL: {
    description:
      'Keycloak as browsers and partner systems reach it, when it differs from CREDMAN_KEYCLOAK_URL (e.g. in compose); tokens carry it as `iss`.',
    defaultLabel: 'CREDMAN_KEYCLOAK_URL',
    schema: httpUrl().optional(),
  },
  CREDMAN_REALM: {
    description: 'The Keycloak realm credman manages.',
    default: 'credman',
    schema: token('a realm name'),
  },
  CREDMAN_CLIENT_ID: {
    description: "Client ID of the sidecar's own confidential client (service account).",
    default: 'credman-sidecar',
    schema: token('a client ID'),
  },
  CREDMAN_CLIENT_AUTH: {
    description:
      "How the sidecar authenticates to Keycloak: `private-key-jwt` (recommended; a JWT signed with CREDMAN_CLIENT_PRIVATE_KEY or CREDMAN_CLIENT_PRIVATE_KEY_FILE, Keycloak's client-jwt) or `client-secret` (CREDMAN_CLIENT_SECRET). Must match the authenticator the realm gives credman-sidecar (keycloak-realm/README.md).",
    default: 'client-secret',
    schema: z.enum(CLIENT_AUTH_METHODS, { error: `must be one of ${CLIENT_AUTH_METHODS.join(', ')}` }),
  },
  CREDMAN_CLIENT_PRIVATE_KEY: {
    description:
      'With `private-key-jwt`: the RSA private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). Never logged; prefer CREDMAN_CLIENT_PRIVATE_KEY_FILE.',
    secret: true,
    schema: z
      .string()
      .transform((value) => new SecretString(value))
      .optional(),
  },
  CREDMAN_CLIENT_PRIVATE_KEY_FILE: {
    description: 'With `private-key-jwt`: path of a file holding that PEM key (e.g. a mounted secret).',
    schema: z.string().optional(),
  },
  CREDMAN_CLIENT_SECRET: {
    description:
      "Secret of the sidecar's confidential client (required unless CREDMAN_CLIENT_AUTH is `private-key-jwt`). Never logged.",
    secret: true,
    schema: required('must be a non-empty string')
      .min(1, 'is required')
      .transform((value) => new SecretString(value)),
  },
  CREDMAN_CONSOLE_CLIENT_ID: {
    description: 'Client ID of the admin SPA; access tokens must have it as `azp`.',
    default: 'credman-console',
    schema: token('a client ID'),
  },
  CREDMAN_AUDIENCE: {
    description: "Audience the SPA's access tokens must contain (`aud`).",
    default: 'credman-sidecar',
    schema: token('an audience'),
  },
  CREDMAN_MFA_ACR: {
    description: 'The `acr` value that proves multi-factor login (a name of the realm acr.loa.map).',
    default: 'mfa',
    schema: token('an acr value'),
  },
  CREDMAN_OPERATOR_ROLE: {
    description: 'Realm role that makes a user an operator.',
    default: 'credman-operator',
    schema: token('a role name'),
  },
  CREDMAN_TIME_ZONE: {
    description: 'IANA time zone in which secrets expire at the end of the chosen day.',
    default: 'UTC',
    schema: required('must be an IANA time zone such as Europe/Berlin').refine(
      (value) => IANAZone.isValidZone(value),
      'must be an IANA time zone such as Europe/Berlin',
    ),
  },
  CREDMAN_MAX_VALIDITY_DAYS: {
    description: 'Upper bound of a secret lifetime in days (1–366); unset means one year.',
    schema: integer(1, 366).optional(),
  },
  CREDMAN_KEYCLOAK_TIMEOUT_MS: {
    description: 'Timeout of each call to Keycloak in milliseconds.',
    default: '5000',
    schema: integer(100, 120_000),
  },
  CREDMAN_ROTATED_SECRET_EVENT_DETAIL: {
    description:
      "CLIENT_LOGIN event detail key marking a login with the rotated secret. Unset on Keycloak 26.7 (what credman is tested on; a login then counts for every live secret); set it to the detail key on 26.8+ once known (see 'Which secret was used').",
    schema: token('an event detail key').optional(),
  },
  CREDMAN_SWEEP_INTERVAL_SECONDS: {
    description:
      'How often expired secrets are swept (recorded as expired in credman; Keycloak refuses them by itself).',
    default: '300',
    schema: integer(10, 86_400),
  },
  CREDMAN_RECONCILE_HOUR_UTC: {
    description:
      "The UTC hour (0-23) of the daily due index reconciliation: a full scan that rewrites each application's credman.due that is wrong for its records (only with the Keycloak extension's due index).",
    default: '3',
    schema: integer(0, 23),
  },
  CREDMAN_LOG_LEVEL: {
    description: `Log level: ${LOG_LEVELS.join(', ')}.`,
    default: 'info',
    schema: required(`must be one of ${LOG_LEVELS.join(', ')}`).pipe(
      z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
    ),
  },
  CREDMAN_TRUST_PROXY_HOPS: {
    description: 'Number of reverse proxies in front of the sidecar whose X-Forwarded-For is trusted.',
    default: '0',
    schema: integer(0, 10),
  },
  CREDMAN_RATE_LIMIT_MUTATIONS_PER_MINUTE: {
    description: 'Mutating API requests allowed per user (or IP) and minute.',
    default: '30',
    schema: integer(1, 10_000),
  },
  CREDMAN_RATE_LIMIT_PER_IP_PER_MINUTE: {
    description:
      'Requests of any kind allowed per client IP and minute, counted before authentication (anonymous floods, token guessing, probes). Behind a proxy set CREDMAN_TRUST_PROXY_HOPS, or every user shares the proxy address.',
    default: '1200',
    schema: integer(1, 1_000_000),
  },
  CREDMAN_RATE_LIMIT_READS_PER_MINUTE: {
    description: 'Reading API requests (GET) allowed per user and minute.',
    default: '240',
    schema: integer(1, 100_000),
  },
  CREDMAN_REQUEST_DEADLINE_MS: {
    description:
      'Deadline of one API request in milliseconds: Keycloak calls and their retries stop there and the answer is a 503. Plus CREDMAN_KEYCLOAK_TIMEOUT_MS it must stay under 120000 (the revision claim lease).',
    default: '8000',
    schema: integer(500, 120_000),
  },
  CREDMAN_SPA_DIR: {
    description:
      'Directory of the built admin SPA, served at / when it exists (default: resolved in this repository).',
    defaultLabel: 'apps/admin-spa/dist',
    schema: required('must be a path')
      .transform((value) => resolve(value))
      .optional(),
  },
  CREDMAN_SMTP_URL: {
    description: 'SMTP server for reminders, e.g. smtp://user:password@mail:587. Never logged.',
    secret: true,
    schema: required('must be an smtp:// or smtps:// URL')
      .refine((value) => isUrlWithProtocol(value, ['smtp:', 'smtps:']), 'must be an smtp:// or smtps:// URL')
      .transform((value) => new SecretString(value))
      .optional(),
  },
  CREDMAN_MAIL_FROM: {
    description: 'Sender of mails, `address` or `Name <address>`; required when CREDMAN_SMTP_URL is set.',
    schema: required('must be an address or Name <address>')
      .refine(
        (value) => emailAddress.test(value) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>$/.test(value),
        'must be an address or Name <address>',
      )
      .optional(),
  },
  CREDMAN_OPERATOR_EMAIL: {
    description: 'Where notices go for applications without a credential manager.',
    schema: required('must be an email address').regex(emailAddress, 'must be an email address').optional(),
  },
  CREDMAN_MAIL_REPLY_TO: {
    description: 'Reply-To address of mails (e.g. a support mailbox); unset means replies go to the sender.',
    schema: required('must be an email address').regex(emailAddress, 'must be an email address').optional(),
  },
  CREDMAN_SUPPORT_EMAIL: {
    description:
      'Where people ask for access or help: shown to a user with no application, on error pages and at the foot of every mail.',
    schema: required('must be an email address').regex(emailAddress, 'must be an email address').optional(),
  },
  CREDMAN_SUPPORT_TEXT: {
    description:
      'The sentence before CREDMAN_SUPPORT_EMAIL wherever it is shown (one line, up to 200 characters); needs CREDMAN_SUPPORT_EMAIL.',
    defaultLabel: DEFAULT_SUPPORT_TEXT,
    schema: required('must be one line of 1-200 characters')
      .max(200, 'must be one line of 1-200 characters')
      // eslint-disable-next-line no-control-regex -- control characters are what is refused
      .refine((value) => !/[\u0000-\u001f\u007f<>]/.test(value), 'must be one line of text without < or >')
      .optional(),
  },
  CREDMAN_REMINDERS_ENABLED: {
    description:
      'Whether this replica sends expiry reminders (`true`/`false`); can be disabled per replica, several enabled replicas do not double-send.',
    default: 'true',
    schema: required('must be true or false')
      .pipe(z.enum(['true', 'false'], { error: 'must be true or false' }))
      .transform((value) => value === 'true'),
  },
  CREDMAN_REMINDERS_SCHEDULE: {
    description: 'Cron pattern of the reminder runs, read in CREDMAN_TIME_ZONE (default: hourly).',
    default: '0 * * * *',
    schema: required('must be a cron pattern such as 0 * * * *').refine(
      isCronPattern,
      'must be a cron pattern such as 0 * * * *',
    ),
  },
} satisfies Record<string, Variable<unknown>>;

export type VariableName = keyof typeof variables;

export interface VariableDescription {
  name: VariableName;
  description: string;
  /** The default as documented; undefined when the variable is required or optional without default. */
  default: string | undefined;
  required: boolean;
  secret: boolean;
}

/** Every variable the sidecar reads, with description and default (source of the README table). */
export const ENV_VARIABLES: readonly VariableDescription[] = (
  Object.entries(variables) as [VariableName, Variable<unknown>][]
).map(([name, variable]) => ({
  name,
  description: variable.description,
  default: variable.default ?? variable.defaultLabel,
  required: variable.default === undefined && !variable.schema.safeParse(undefined).success,
  secret: variable.secret ?? false,
}));

type Parsed = { [K in VariableName]: z.output<(typeof variables)[K]['schema']> };

/** Thrown by loadConfig; the message names every bad or missing variable and never contains a value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly code = 'config-invalid';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
    this.problems = problems;
  }
}

/** Reads and validates the configuration; throws one ConfigError listing every problem. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(variables) as [VariableName, Variable<unknown>][]) {
    // Compose files often pass an unset variable as "": treat it as unset.
    const given = env[name];
    const raw = given === undefined || given === '' ? variable.default : given;
    const result = variable.schema.safeParse(raw);
    if (result.success) parsed[name] = result.data;
    // The secret is not needed when the sidecar signs its assertions.
    else if (name === 'CREDMAN_CLIENT_SECRET' && env['CREDMAN_CLIENT_AUTH'] === 'private-key-jwt')
      parsed[name] = new SecretString('');
    // Only the first reason per variable: one actionable line each, and never the value itself.
    else problems.push(`${name}: ${result.error.issues[0]?.message ?? 'is invalid'}`);
  }
  const values = parsed as Parsed;
  if (
    problems.length === 0 &&
    values.CREDMAN_SMTP_URL !== undefined &&
    values.CREDMAN_MAIL_FROM === undefined
  ) {
    problems.push('CREDMAN_MAIL_FROM: is required when CREDMAN_SMTP_URL is set');
  }
  if (values.CREDMAN_SUPPORT_TEXT !== undefined && values.CREDMAN_SUPPORT_EMAIL === undefined)
    problems.push('CREDMAN_SUPPORT_TEXT: needs CREDMAN_SUPPORT_EMAIL (the address it introduces)');
  if (problems.length === 0) checkRequestWithinLease(values, problems);
  const privateKey = problems.length === 0 ? readPrivateKey(values, problems) : undefined;
  if (problems.length > 0) throw new ConfigError(problems);
  return toConfig(values, privateKey);
}

/**
 * A request (and the one Keycloak call it may still wait for) must end within the claim lease: a create still in
 * flight after it would look like one nobody answered and its secret be removed
 * (docs/architecture.md#writes-that-land-late).
 */
function checkRequestWithinLease(values: Parsed, problems: string[]): void {
  const longest = values.CREDMAN_REQUEST_DEADLINE_MS + values.CREDMAN_KEYCLOAK_TIMEOUT_MS;
  if (longest >= DEFAULT_CLAIM_LEASE_MS)
    problems.push(
      `CREDMAN_REQUEST_DEADLINE_MS: with CREDMAN_KEYCLOAK_TIMEOUT_MS it must stay under ${String(DEFAULT_CLAIM_LEASE_MS)} ms (the revision claim's lease); together they are ${String(longest)} ms`,
    );
}

/** The signing key of private-key-jwt, from the variable or the file (exactly one of them); never its value in a problem. */
function readPrivateKey(values: Parsed, problems: string[]): SecretString | undefined {
  if (values.CREDMAN_CLIENT_AUTH !== 'private-key-jwt') return undefined;
  const file = values.CREDMAN_CLIENT_PRIVATE_KEY_FILE;
  if ((values.CREDMAN_CLIENT_PRIVATE_KEY === undefined) === (file === undefined)) {
    problems.push(
      'CREDMAN_CLIENT_PRIVATE_KEY: set it or CREDMAN_CLIENT_PRIVATE_KEY_FILE (exactly one) when CREDMAN_CLIENT_AUTH is private-key-jwt',
    );
    return undefined;
  }
  let pem = values.CREDMAN_CLIENT_PRIVATE_KEY?.reveal();
  if (file !== undefined) {
    try {
      pem = readFileSync(file, 'utf8');
    } catch {
      problems.push('CREDMAN_CLIENT_PRIVATE_KEY_FILE: cannot be read');
      return undefined;
    }
  }
  if (pem === undefined || !pem.includes('-----BEGIN PRIVATE KEY-----')) {
    problems.push(
      `${file === undefined ? 'CREDMAN_CLIENT_PRIVATE_KEY' : 'CREDMAN_CLIENT_PRIVATE_KEY_FILE'}: must be a PKCS#8 PEM private key`,
    );
    return undefined;
  }
  return new SecretString(pem);
}

function toConfig(values: Parsed, privateKey: SecretString | undefined): Config {
  const keycloakUrl = values.CREDMAN_KEYCLOAK_URL;
  const keycloakPublicUrl = values.CREDMAN_KEYCLOAK_PUBLIC_URL ?? keycloakUrl;
  const issuer = `${keycloakPublicUrl}/realms/${values.CREDMAN_REALM}`;
  const internalIssuer = `${keycloakUrl}/realms/${values.CREDMAN_REALM}`;
  return {
    port: values.CREDMAN_PORT,
    managementPort: values.CREDMAN_MANAGEMENT_PORT,
    realmScanIntervalSeconds: values.CREDMAN_REALM_SCAN_INTERVAL_SECONDS,
    publicUrl: values.CREDMAN_PUBLIC_URL ?? `http://localhost:${values.CREDMAN_PORT}`,
    keycloak: {
      url: keycloakUrl,
      publicUrl: keycloakPublicUrl,
      realm: values.CREDMAN_REALM,
      issuer,
      internalIssuer,
      jwksUrl: `${internalIssuer}/protocol/openid-connect/certs`,
      tokenEndpoint: `${issuer}/protocol/openid-connect/token`,
      clientId: values.CREDMAN_CLIENT_ID,
      clientAuth: values.CREDMAN_CLIENT_AUTH,
      clientSecret: values.CREDMAN_CLIENT_SECRET,
      privateKey,
      timeoutMs: values.CREDMAN_KEYCLOAK_TIMEOUT_MS,
      rotatedSecretEventDetail: values.CREDMAN_ROTATED_SECRET_EVENT_DETAIL,
    },
    auth: {
      consoleClientId: values.CREDMAN_CONSOLE_CLIENT_ID,
      audience: values.CREDMAN_AUDIENCE,
      mfaAcr: values.CREDMAN_MFA_ACR,
      operatorRole: values.CREDMAN_OPERATOR_ROLE,
    },
    timeZone: values.CREDMAN_TIME_ZONE,
    maxValidityDays: values.CREDMAN_MAX_VALIDITY_DAYS,
    sweepIntervalSeconds: values.CREDMAN_SWEEP_INTERVAL_SECONDS,
    reconcileHourUtc: values.CREDMAN_RECONCILE_HOUR_UTC,
    logLevel: values.CREDMAN_LOG_LEVEL,
    trustProxyHops: values.CREDMAN_TRUST_PROXY_HOPS,
    rateLimitMutationsPerMinute: values.CREDMAN_RATE_LIMIT_MUTATIONS_PER_MINUTE,
    rateLimitReadsPerMinute: values.CREDMAN_RATE_LIMIT_READS_PER_MINUTE,
    rateLimitPerIpPerMinute: values.CREDMAN_RATE_LIMIT_PER_IP_PER_MINUTE,
    requestDeadlineMs: values.CREDMAN_REQUEST_DEADLINE_MS,
    spaDir: values.CREDMAN_SPA_DIR ?? DEFAULT_SPA_DIR,
    mail: {
      smtpUrl: values.CREDMAN_SMTP_URL,
      from: values.CREDMAN_MAIL_FROM,
      operatorEmail: values.CREDMAN_OPERATOR_EMAIL,
      replyTo: values.CREDMAN_MAIL_REPLY_TO,
    },
    support:
      values.CREDMAN_SUPPORT_EMAIL === undefined
        ? undefined
        : { email: values.CREDMAN_SUPPORT_EMAIL, text: values.CREDMAN_SUPPORT_TEXT ?? DEFAULT_SUPPORT_TEXT },
    reminders: {
      enabled: values.CREDMAN_REMINDERS_ENABLED,
      schedule: values.CREDMAN_REMINDERS_SCHEDULE,
    },
  };
}

/** The README's table of variables, generated from ENV_VARIABLES (a test keeps the README in sync). */
export function renderEnvTable(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const rows = ENV_VARIABLES.map((variable) => {
    const fallback = variable.required
      ? 'required'
      : variable.default === undefined
        ? '—'
        : `\`${variable.default}\``;
    return `| \`${variable.name}\` | ${fallback} | ${escape(variable.description)} |`;
  });
  return ['| Variable | Default | Description |', '|---|---|---|', ...rows].join('\n');
}
