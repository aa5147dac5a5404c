// The frame of every page: the masthead (masthead.tsx) and the side navigation (navigation.tsx). Pages render
// into the Outlet.
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Page, SkipToContent, Spinner } from '@patternfly/react-core';
import { AppMasthead } from './masthead.tsx';
import { AppNavigation } from './navigation.tsx';

const MAIN_ID = 'credman-main';

export function AppShell() {
  return (
    <Page
      masthead={<AppMasthead />}
      sidebar={<AppNavigation />}
      isManagedSidebar
      mainContainerId={MAIN_ID}
      skipToContent={<SkipToContent href={`#${MAIN_ID}`}>Skip to content</SkipToContent>}
    >
      <Suspense fallback={<Spinner aria-label="Loading page" />}>
        <Outlet />
      </Suspense>
    </Page>
  );
}
