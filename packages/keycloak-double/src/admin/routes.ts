// The Admin REST API of the double: every admin endpoint credman uses, under /admin/realms/{realm}.
import type { RouteModule } from '../app.ts';
import { registerClientRoutes } from './clients-routes.ts';
import { registerCredmanRoutes } from './credman-routes.ts';
import { registerCredmanRecordsRoutes } from './credman-records-routes.ts';
import { registerEventRoutes } from './events-routes.ts';
import { registerRoleRoutes } from './roles-routes.ts';
import { registerScopeRoutes } from './scopes-routes.ts';
import { registerUserRoutes } from './users-routes.ts';
import { registerUserWriteRoutes } from './user-writes-routes.ts';

export const adminRoutes: RouteModule = (app, double) => {
  registerClientRoutes(app, double);
  registerRoleRoutes(app, double);
  registerUserRoutes(app, double);
  registerUserWriteRoutes(app, double);
  registerScopeRoutes(app, double);
  registerEventRoutes(app, double);
  registerCredmanRoutes(app, double);
  registerCredmanRecordsRoutes(app, double);
};
