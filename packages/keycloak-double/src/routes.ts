// Every route module of the double, in the order they are registered.
import type { RouteModule } from './app.ts';
import { adminRoutes } from './admin/routes.ts';
import { loginRoutes } from './login/routes.ts';
import { themeRoutes } from './login/theme.ts';

export const allRouteModules: RouteModule[] = [adminRoutes, loginRoutes, themeRoutes];
