// What a route shows while it loads, and when it cannot render: an unknown path, or a page that failed to load (e.g. a new
// deployment replaced the lazy chunk).
import { Link, useRouteError } from 'react-router';
import { EmptyState, EmptyStateBody, EmptyStateFooter, PageSection, Spinner } from '@patternfly/react-core';
import { SupportLine } from '../components/support-contact.tsx';
import { applicationsPage } from '@credman/domain';
import { usePageTitle } from './page-header.tsx';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <PageSection>
      <EmptyState titleText="Page not found" headingLevel="h1">
        <EmptyStateBody>There is no page at this address.</EmptyStateBody>
        <EmptyStateFooter>
          <Link to={applicationsPage.to()}>Go to your applications</Link>
          <SupportLine />
        </EmptyStateFooter>
      </EmptyState>
    </PageSection>
  );
}

export function RouteErrorPage() {
  const error = useRouteError();
  return (
    <PageSection>
      <EmptyState titleText="Something went wrong" headingLevel="h1" status="danger">
        <EmptyStateBody>
          {error instanceof Error ? error.message : 'The page could not be shown.'} Reload the page to try
          again.
        </EmptyStateBody>
        <EmptyStateFooter>
          <SupportLine />
        </EmptyStateFooter>
      </EmptyState>
    </PageSection>
  );
}

export function PageLoading() {
  return (
    <PageSection>
      <Spinner aria-label="Loading page" />
    </PageSection>
  );
}
