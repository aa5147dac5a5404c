// Structured JSON logs (pino) and per-request logging (pino-http) with request ids
// (docs/architecture.md#operations) and redaction (docs/architecture.md#security-model).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Stream } from 'node:stream';
import { pino } from 'pino';
import type { DestinationStream, Logger, SerializedRequest } from 'pino';
import { pinoHttp } from 'pino-http';
import type { HttpLogger } from 'pino-http';
import type { LogLevel } from './config.ts';

export type { Logger } from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';

const REDACTED = '[redacted]';

/**
 * Names of fields whose values never reach a log line, at any depth. Names compare by letters and digits
 * only, without case: `client_secret`, `clientSecret` and `Client-Secret` are one name, as are header names.
 */
export const REDACTED_FIELDS: readonly string[] = [
  'secret',
  'value',
  'client_secret',
  'password',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  // A secret's one-way digest (store/records/retired-secrets.ts) and its salt: never logged either.
  'digest',
  'sha256',
  'salt',
];

/**
 * Query parameters whose values are replaced in request lines. `code` (an OAuth authorization code) only
 * here: as a log field it is an error code.
 */
export const REDACTED_QUERY_PARAMETERS: readonly string[] = [...REDACTED_FIELDS, 'code'];

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const SENSITIVE_FIELDS = new Set(REDACTED_FIELDS.map(normalise));
const SENSITIVE_QUERY_PARAMETERS = new Set(REDACTED_QUERY_PARAMETERS.map(normalise));

function hasToJSON(value: object): value is { toJSON: () => unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/**
 * A copy of `value` as JSON.stringify would see it, with sensitive fields replaced at any depth (pino's own
 * `redact` takes fixed paths only). toJSON results are redacted too (a SecretString's is already). Streams
 * (the raw request and response) are left to their serializers; a cycle becomes `[Circular]`, as in pino.
 */
function redactSecrets(value: unknown, ancestors = new Set<object>()): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Stream) return value;
  if (ancestors.has(value)) return '[Circular]';
  ancestors.add(value);
  let copy: unknown;
  if (hasToJSON(value)) copy = redactSecrets(value.toJSON(), ancestors);
  else if (Array.isArray(value)) copy = value.map((item: unknown) => redactSecrets(item, ancestors));
  else copy = redactFields(value, ancestors);
  ancestors.delete(value);
  return copy;
}

function redactFields(object: object, ancestors: Set<object>, keep?: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(object)) {
    if (key === keep) copy[key] = field;
    else copy[key] = SENSITIVE_FIELDS.has(normalise(key)) ? REDACTED : redactSecrets(field, ancestors);
  }
  return copy;
}

function isSensitiveParameter(encodedName: string): boolean {
  try {
    return SENSITIVE_QUERY_PARAMETERS.has(normalise(decodeURIComponent(encodedName.replaceAll('+', ' '))));
  } catch {
    // A name that does not decode could stand for any name.
    return true;
  }
}

/**
 * The request target with the values of credential-bearing query parameters replaced. Not the path alone:
 * parameters such as `force` or `search` tell what a request did, and tokens come under the names above.
 */
function redactQuery(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const parameters = url
    .slice(start + 1)
    .split('&')
    .map((parameter) => {
      const equals = parameter.indexOf('=');
      if (equals === -1) return parameter;
      const name = parameter.slice(0, equals);
      return isSensitiveParameter(name) ? `${name}=${REDACTED}` : parameter;
    });
  return `${url.slice(0, start + 1)}${parameters.join('&')}`;
}

/** The request as logged: its target without credentials, no parsed `query` (it would repeat them). */
function serializeRequest(req: SerializedRequest): Record<string, unknown> {
  return {
    id: req.id,
    method: req.method,
    url: redactQuery(req.url),
    headers: redactSecrets(req.headers),
    remoteAddress: req.remoteAddress,
    remotePort: req.remotePort,
  };
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; defaults to stdout. Tests pass a stream to capture lines. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const pinoOptions = {
    level: options.level,
    base: { service: 'credman-sidecar' },
    // formatters.log sees the object of each log call before serializers run; `err` is kept as it is for the
    // error serializer, whose output is redacted in turn.
    formatters: { log: (object: Record<string, unknown>) => redactFields(object, new Set(), 'err') },
    serializers: { err: (error: unknown) => redactSecrets(pino.stdSerializers.err(error as Error)) },
  };
  return options.destination === undefined ? pino(pinoOptions) : pino(pinoOptions, options.destination);
}

// An incoming id is only logged when it is a short opaque token: anything else could forge log lines or carry
// data into them.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The incoming `x-request-id` when it is a sane token (logged as `clientRequestId` only, for correlation with a
 * proxy's logs); undefined otherwise.
 */
export function clientRequestIdOf(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : undefined;
}

/**
 * Request logging middleware: assigns `req.id` (always credman's own UUID, so a client can neither choose nor
 * collide with the id that problem bodies and log lines carry), sends it as `x-request-id`, logs one line per
 * response.
 */
export function createHttpLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    // pino-http runs its standard serializers first and hands their output to these. The request is a child
    // logger's binding, which formatters.log never sees, so each serializer redacts its own output.
    serializers: { req: serializeRequest, res: redactSecrets, err: redactSecrets },
    genReqId(_req: IncomingMessage, res: ServerResponse) {
      const id = randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customProps(req: IncomingMessage) {
      const clientRequestId = clientRequestIdOf(req.headers[REQUEST_ID_HEADER]);
      return clientRequestId === undefined ? {} : { clientRequestId };
    },
    customLogLevel(_req, res, error) {
      if (error !== undefined || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    // Liveness probes hit every few seconds; their lines would drown everything else.
    autoLogging: { ignore: (req) => req.url === '/healthz' },
  });
}
