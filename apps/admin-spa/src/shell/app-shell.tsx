// The frame of every page: the masthead (masthead.tsx), the side navigation (navigation.tsx) and the toasts
// (components/toasts.tsx), which outlive a page change. Pages render into the Outlet.
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Page, SkipToContent, Spinner } from '@patternfly/react-core';
import { ToastProvider } from '../components/toasts.tsx';
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
      <ToastProvider>
        <Suspense fallback={<Spinner aria-label="Loading page" />}>
          <Outlet />
        </Suspense>
      </ToastProvider>
    </Page>
  );
}
