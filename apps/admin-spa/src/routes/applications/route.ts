// The start page's route: the applications the user manages (link: applicationsPage.to() of @credman/domain).
import type { RouteObject } from 'react-router';

// The index of the shell's route, i.e. applicationsPage.pattern ('/'). Lazy: the initial download holds only the shell.
export const applicationsRoute: RouteObject = {
  index: true,
  lazy: async () => ({
    Component: (await import('./applications-page.tsx')).ApplicationsPage,
  }),
};
