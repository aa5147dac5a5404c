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
  /** The rules a new secret's expiry date follows here, so the console's date picker matches the server. */
  expiryPolicy: ExpiryPolicyView;
}

export interface ExpiryPolicyView {
  /** IANA zone in which a secret expires at the end of its chosen day. */
  zone: string;
  /** Longest lifetime in days when configured below one year. */
  maxValidityDays?: number;
}

export function registerMeRoutes(router: Router, expiryPolicy: ExpiryPolicyView): void {
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
      expiryPolicy,
    };
    res.set('Cache-Control', 'no-store').json(body);
  });
}
