// Rate limits on mutating and on reading requests (429; docs/architecture.md#security-model), each with its own
// budget. Keyed per authenticated user so that users behind one proxy or NAT do not share a budget; requests
// without a principal fall back to the client IP. In memory, the budgets are per replica.
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { AugmentedRequest, Store } from 'express-rate-limit';
import type { Request, RequestHandler } from 'express';
import { millisAsSeconds } from '@credman/domain';
import { findPrincipal } from './principal.ts';
import { retryAfter } from './problems.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const WINDOW_MS = 60_000;

/** Which budget refused a request: per user (mutations, reads) or per client IP before authentication. */
export type RateLimitBudget = 'mutation' | 'read' | 'ip';

export interface MutationRateLimitOptions {
  perMinute: number;
  /** A shared store (e.g. Redis) when several replicas must share budgets; in-memory per replica otherwise. */
  store?: Store | undefined;
  /** Told of every refusal (the rate-limit refusals metric). */
  onRefused?: (budget: RateLimitBudget) => void;
}

export function mutationRateLimit(options: MutationRateLimitOptions): RequestHandler {
  return perUserRateLimit({
    ...options,
    kind: 'mutation',
    skip: (method) => SAFE_METHODS.has(method),
    detail: 'Too many changes in a short time; wait a moment and try again.',
  });
}

/** Reads (GET/HEAD) per user: each list or detail costs Keycloak calls, so a script cannot flood them. */
export function readRateLimit(options: MutationRateLimitOptions): RequestHandler {
  return perUserRateLimit({
    ...options,
    kind: 'read',
    skip: (method) => method !== 'GET' && method !== 'HEAD',
    detail: 'Too many requests in a short time; wait a moment and try again.',
  });
}

/**
 * Every request per client IP, before authentication: anonymous callers (probes, guessed tokens, the SPA's files)
 * are limited too, and an unauthenticated flood costs at most this many token checks a minute per address.
 */
export function ipRateLimit(options: MutationRateLimitOptions): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: options.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // ipKeyGenerator groups IPv6 addresses by subnet so one host cannot rotate through its /64.
    keyGenerator: (req) => `any:ip:${ipKeyGenerator(req.ip ?? 'unknown')}`,
    handler: (req, _res, next) => {
      options.onRefused?.('ip');
      next(limited(req, 'Too many requests from your address in a short time; wait a moment and try again.'));
    },
    // express-rate-limit's options take no undefined.
    ...(options.store === undefined ? {} : { store: options.store }),
  });
}

function limited(req: Request, detail: string) {
  const resetTime = (req as AugmentedRequest).rateLimit?.resetTime;
  const seconds = millisAsSeconds(resetTime === undefined ? WINDOW_MS : resetTime.getTime() - Date.now());
  return retryAfter('rate-limited', seconds, detail);
}

interface PerUserRateLimitOptions extends MutationRateLimitOptions {
  /** Prefix of the keys, so one shared store keeps the budgets apart. */
  kind: 'mutation' | 'read';
  skip: (method: string) => boolean;
  detail: string;
}

function perUserRateLimit(options: PerUserRateLimitOptions): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: options.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => options.skip(req.method),
    keyGenerator: (req) => {
      const principal = findPrincipal(req);
      if (principal !== undefined) return `${options.kind}:user:${principal.userId}`;
      // ipKeyGenerator groups IPv6 addresses by subnet so one host cannot rotate through its /64.
      return `${options.kind}:ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    },
    handler: (req, _res, next) => {
      options.onRefused?.(options.kind);
      next(limited(req, options.detail));
    },
    // express-rate-limit's options take no undefined.
    ...(options.store === undefined ? {} : { store: options.store }),
  });
}
