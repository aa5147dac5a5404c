// The central error handling: every failure leaves the sidecar as application/problem+json (RFC 9457), with
// no internals and never the request body. Which problem an error becomes is error-mapping.ts's to say.
import express from 'express';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { MAX_BODY_BYTES, toApiError } from './error-mapping.ts';
import { ApiError, PROBLEM_CONTENT_TYPE } from './problems.ts';

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
