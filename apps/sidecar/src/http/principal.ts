// Who is calling: the principal derived from a verified access token, and where a request keeps it.
import { personName } from '@credman/domain';
import type { Request } from 'express';
import { z } from 'zod';
import type { Actor } from '../store/records/secrets.ts';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import { unauthenticated } from './problems.ts';

export interface Principal {
  /** Keycloak user id (`sub`). */
  userId: string;
  username: string;
  /** Display name: `name`, else given + family name, else the username. */
  name: string;
  email: string | undefined;
  isOperator: boolean;
  /** Client IDs whose `credential-manager` role the token carries (sorted). */
  managedClientIds: string[];
  acr: string;
  /** The token's `sid`: the Keycloak SSO session it was issued in (absent in tokens without one). */
  sessionId?: string | undefined;
}

const roles = z.object({ roles: z.array(z.string()).catch([]) }).catch({ roles: [] });

// Only the claims credman reads; everything else in the token is ignored.
const claimsSchema = z.object({
  sub: z.string().min(1),
  preferred_username: z.string().optional(),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().optional(),
  acr: z.string().optional(),
  sid: z.string().optional(),
  realm_access: roles.optional(),
  resource_access: z.record(z.string(), roles).catch({}).optional(),
});

export interface PrincipalOptions {
  operatorRole: string;
}

/** Maps verified claims to a principal; undefined when a claim credman needs (`sub`) is missing or malformed. */
export function principalFromClaims(claims: unknown, options: PrincipalOptions): Principal | undefined {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) return undefined;
  const c = parsed.data;
  const username = c.preferred_username ?? c.sub;
  // The user's own text: made safe to show (personName) before it reaches audit entries and mails.
  const name = personName(c.name ?? '');
  const fullName = personName([c.given_name, c.family_name].filter((part) => part !== undefined).join(' '));
  const managedClientIds = Object.entries(c.resource_access ?? {})
    .filter(([, access]) => access.roles.includes(MANAGER_ROLE))
    .map(([clientId]) => clientId)
    .sort();
  return {
    userId: c.sub,
    username,
    name: name !== '' ? name : fullName !== '' ? fullName : username,
    email: c.email,
    isOperator: c.realm_access?.roles.includes(options.operatorRole) ?? false,
    managedClientIds,
    acr: c.acr ?? '',
    sessionId: c.sid,
  };
}

// A WeakMap rather than a property on Request: typed without global declaration merging, and a principal
// cannot be set by anything but the auth middleware.
const principals = new WeakMap<Request, Principal>();

export function setPrincipal(req: Request, principal: Principal): void {
  principals.set(req, principal);
}

/** The authenticated caller; throws 401 when the route was reached without the auth middleware. */
export function principalOf(req: Request): Principal {
  const principal = principals.get(req);
  if (principal === undefined) throw unauthenticated('Authentication is required.');
  return principal;
}

export function findPrincipal(req: Request): Principal | undefined {
  return principals.get(req);
}

/** The caller as the use cases record them (audit entries, `createdBy`). */
export function actorOf(principal: Principal): Actor {
  return { id: principal.userId, username: principal.username, name: principal.name };
}
