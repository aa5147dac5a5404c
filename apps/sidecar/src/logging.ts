// Structured JSON logs (pino) and per-request logging (pino-http) with request ids
// (docs/architecture.md#operations) and redaction (docs/architecture.md#security-model).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { HttpLogger } from 'pino-http';
import type { LogLevel } from './config.ts';

export type { Logger } from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';

const SENSITIVE_KEYS = ['secret', 'value', 'clientSecret', 'password'];

/**
 * Paths pino replaces with `[redacted]`. pino's `*` matches one level, so sensitive keys are listed at the top
 * level and up to three levels deep (e.g. `{ err: { details: { secret } } }`).
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
];

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; defaults to stdout. Tests pass a stream to capture lines. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const pinoOptions = {
    level: options.level,
    base: { service: 'credman-sidecar' },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
  };
  return options.destination === undefined ? pino(pinoOptions) : pino(pinoOptions, options.destination);
}

// An incoming id is only reused when it is a short opaque token: anything else could forge log lines or
// carry data into them.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The incoming `x-request-id` when it is a sane token, else a new UUID. */
export function requestIdFor(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** Request logging middleware: assigns `req.id`, echoes it as `x-request-id`, logs one line per response. */
export function createHttpLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const id = requestIdFor(req.headers[REQUEST_ID_HEADER]);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
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
