// The shape of a route module under /api, apart from app.ts so that routes need not import the app that
// mounts them (docs/architecture.md#import-boundaries).
import type { Router } from 'express';
import type { ManagerRights } from '../manager-rights.ts';

/** Registers authenticated routes on the /api router (paths relative to /api). */
export type ApiRoutes = (router: Router, context: ApiRouteContext) => void;

export interface ApiRouteContext {
  /**
   * Live manager-rights check for mutations (docs/architecture.md#authorisation); undefined means
   * "trust the token".
   */
  managerRights: ManagerRights | undefined;
}
