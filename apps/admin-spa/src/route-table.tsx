// The console's route objects, shared by the browser router (main.tsx) and the memory router in tests. Each
// page's route is defined by its module (routes/*/route.ts), its path by @credman/domain's console-paths.ts.
import type { RouteObject } from 'react-router';
import { applicationRoute } from './routes/application/route.ts';
import { applicationsRoute } from './routes/applications/route.ts';
import { createApplicationRoute } from './routes/operator/route.ts';
import { overviewRoute } from './routes/overview/route.ts';
import { AppShell } from './shell/app-shell.tsx';
import { NotFoundPage, PageLoading, RouteErrorPage } from './shell/route-error-page.tsx';

export const routes: RouteObject[] = [
  {
    path: '/',
    Component: AppShell,
    ErrorBoundary: RouteErrorPage,
    // Shown while the first lazy page loads.
    HydrateFallback: PageLoading,
    children: [
      applicationsRoute,
      applicationRoute,
      createApplicationRoute,
      overviewRoute,
      { path: '*', Component: NotFoundPage },
    ],
  },
];
