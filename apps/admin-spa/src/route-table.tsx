// The console's route objects, shared by the browser router (main.tsx) and the memory router in tests.
// Pages are lazy so the initial download holds only the shell.
import type { RouteObject } from 'react-router';
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
      {
        index: true,
        lazy: async () => ({
          Component: (await import('./routes/applications/applications-page.tsx')).ApplicationsPage,
        }),
      },
      {
        path: 'applications/:clientId',
        lazy: async () => ({
          Component: (await import('./routes/application/application-page.tsx')).ApplicationPage,
        }),
      },
      {
        path: 'operator/applications/new',
        lazy: async () => ({
          Component: (await import('./routes/operator/create-application-page.tsx')).CreateApplicationPage,
        }),
      },
      {
        path: 'operator/overview',
        lazy: async () => ({
          Component: (await import('./routes/overview/overview-page.tsx')).OverviewPage,
        }),
      },
      { path: '*', Component: NotFoundPage },
    ],
  },
];
