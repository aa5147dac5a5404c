import type { RouteModule } from '../app.ts';

/** Browser login and OIDC front-channel routes (being written). */
export const loginRoutes: RouteModule = () => undefined;
