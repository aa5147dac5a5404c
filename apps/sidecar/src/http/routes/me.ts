// GET /api/me: the caller as the SPA needs it (who, operator or not, MFA level, applications managed).
import type { ExpiryPolicy, Me } from '@credman/api-contract';
import type { Router } from 'express';
import { principalOf } from '../principal.ts';

/**
 * `expiryPolicy`: the rules a new secret's expiry date follows here (zone, and the longest lifetime when below
 * one year), so the console's date picker matches the server.
 */
export function registerMeRoutes(router: Router, expiryPolicy: ExpiryPolicy): void {
  router.get('/me', (req, res) => {
    const principal = principalOf(req);
    const body: Me = {
      id: principal.userId,
      username: principal.username,
      name: principal.name,
      email: principal.email ?? null,
      isOperator: principal.isOperator,
      acr: principal.acr,
      managedClientIds: principal.managedClientIds,
      expiryPolicy,
    };
    res.set('Cache-Control', 'no-store').json(body);
  });
}
