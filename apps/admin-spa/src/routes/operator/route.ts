// The operator's create-application route (link: createApplicationPage.to() of @credman/domain).
import type { RouteObject } from 'react-router';
import { createApplicationPage } from '@credman/domain';

export const createApplicationRoute: RouteObject = {
  path: createApplicationPage.pattern,
  lazy: async () => ({
    Component: (await import('./create-application-page.tsx')).CreateApplicationPage,
  }),
};
