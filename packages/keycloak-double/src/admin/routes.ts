import type { RouteModule } from '../app.ts';

/** Admin REST API routes (being written). */
export const adminRoutes: RouteModule = () => undefined;
