// One application's route (link: applicationPage.to({ clientId }) of @credman/domain, as the mails link).
import type { RouteObject } from 'react-router';
import { applicationPage } from '@credman/domain';

export const applicationRoute: RouteObject = {
  path: applicationPage.pattern,
  lazy: async () => ({
    Component: (await import('./application-page.tsx')).ApplicationPage,
  }),
};
