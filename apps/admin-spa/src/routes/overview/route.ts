// The operator's overview route (link: overviewPage.to() of @credman/domain).
import type { RouteObject } from 'react-router';
import { overviewPage } from '@credman/domain';

export const overviewRoute: RouteObject = {
  path: overviewPage.pattern,
  lazy: async () => ({
    Component: (await import('./overview-page.tsx')).OverviewPage,
  }),
};
