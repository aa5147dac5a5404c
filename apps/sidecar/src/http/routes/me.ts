// GET /api/me: the caller as the SPA needs it (who, operator or not, MFA level, applications managed).
import type { Router } from 'express';
import { principalOf } from '../principal.ts';

export interface MeResponse {
  id: string;
  username: string;
  name: string;
  email: string | null;
  isOperator: boolean;
  acr: string;
  managedClientIds: string[];
}

export function registerMeRoutes(router: Router): void {
  router.get('/me', (req, res) => {
    const principal = principalOf(req);
    const body: MeResponse = {
      id: principal.userId,
      username: principal.username,
      name: principal.name,
      email: principal.email ?? null,
      isOperator: principal.isOperator,
      acr: principal.acr,
      managedClientIds: principal.managedClientIds,
    };
    res.set('Cache-Control', 'no-store').json(body);
  });
}
