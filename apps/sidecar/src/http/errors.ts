// The central error handling: every failure leaves the sidecar as application/problem+json (RFC 9457), with
// no internals and never the request body.
import express from 'express';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { KeycloakUnavailableError } from '../keycloak/port.ts';
import { DamagedApplicationError } from '../store/errors.ts';
import { ApiError, PROBLEM_CONTENT_TYPE, retryAfter, validationFailed } from './problems.ts';

export const MAX_BODY_BYTES = 16 * 1024;

/** Seconds a client should wait before retrying when Keycloak is unavailable. */
export const KEYCLOAK_RETRY_AFTER_SECONDS = 10;

const JSON_TYPES = ['application/json', 'application/*+json'];

/** The JSON body parser; its failures are translated by the error handler. */
export function jsonBody(): RequestHandler {
  return express.json({ limit: MAX_BODY_BYTES, strict: true, type: JSON_TYPES });
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Refuses a request body that is not JSON (415) instead of silently ignoring it. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (!hasBody(req) || req.is(JSON_TYPES) !== false) {
    next();
    return;
  }
  next(new ApiError('unsupported-media-type', { detail: 'Send the request body as application/json.' }));
};

/** 404 for anything under /api that no route matched. */
export const apiNotFound: RequestHandler = (req) => {
  throw new ApiError('not-found', { detail: `There is no API endpoint ${req.method} ${pathOf(req)}.` });
};

/** 404 for any other unmatched request (no SPA, or an asset that does not exist). */
export const notFound: RequestHandler = () => {
  throw new ApiError('not-found');
};

function pathOf(req: Request): string {
  return req.originalUrl.split('?')[0] ?? '/';
}

/** body-parser's errors carry a `type` such as `entity.too.large`. */
function bodyParserErrorType(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const type: unknown = Reflect.get(error, 'type');
  return typeof type === 'string' && 'expose' in error ? type : undefined;
}

/** Maps any thrown value to the ApiError the client sees; undefined means "unexpected" (500). */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof KeycloakUnavailableError) {
    return retryAfter(
      'keycloak-unavailable',
      KEYCLOAK_RETRY_AFTER_SECONDS,
      'Keycloak did not answer; try again shortly.',
    );
  }
  // Names the client and the attribute, never its content (docs/architecture.md#damaged-metadata).
  if (error instanceof DamagedApplicationError)
    return new ApiError('metadata-damaged', {
      detail: `The attribute ${error.attribute} of the application ${error.clientId} cannot be read; an operator must repair it in Keycloak.`,
    });
  switch (bodyParserErrorType(error)) {
    case 'entity.parse.failed':
      return validationFailed([], 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new ApiError('payload-too-large', {
        detail: `The request body may have at most ${MAX_BODY_BYTES} bytes.`,
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError('unsupported-media-type', { detail: 'Send the request body as UTF-8 JSON.' });
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return validationFailed([], 'The request body could not be read.');
    default:
      return undecodableBody(error)
        ? validationFailed([], 'The request body could not be decoded; check its Content-Encoding.')
        : undefined;
  }
}

/**
 * A body that does not decode as its Content-Encoding says: zlib's error (codes `Z_…` for gzip/deflate,
 * `ERR__ERROR_…` for Brotli), passed on by body-parser as an exposed 400.
 */
function undecodableBody(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status: unknown = Reflect.get(error, 'status');
  const code: unknown = Reflect.get(error, 'code');
  return (
    status === 400 &&
    Reflect.get(error, 'expose') === true &&
    typeof code === 'string' &&
    /^(Z_|ERR__ERROR_)/.test(code)
  );
}

export function sendProblem(req: Request, res: Response, error: ApiError): void {
  const problem = error.toProblem(pathOf(req));
  // The request id lets a user quote the failure and an operator find its log line.
  if (typeof req.id === 'string') problem.requestId = req.id;
  res.status(error.status).set(error.headers).set('Cache-Control', 'no-store').type(PROBLEM_CONTENT_TYPE);
  res.send(JSON.stringify(problem));
}

/** The last middleware: turns every error into a problem response. */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const apiError = toApiError(error);
  if (apiError !== undefined) {
    sendProblem(req, res, apiError);
    return;
  }
  req.log.error({ err: error }, 'unexpected error while handling the request');
  sendProblem(req, res, new ApiError('internal-error', { detail: 'Something went wrong on our side.' }));
};
