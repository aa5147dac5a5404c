// Shown after logging out instead of starting a new login at once: the user sees that it worked and chooses
// when to log in again. Rendered without the router or a session (main.tsx), but in the console's own frame: the
// same masthead bar and a PatternFly empty state.
import { useEffect } from 'react';
import {
  Button,
  EmptyState,
  EmptyStateBody,
  EmptyStateFooter,
  Masthead,
  MastheadBrand,
  MastheadMain,
  Page,
  PageSection,
} from '@patternfly/react-core';
import { applicationsPage } from '@credman/domain';
import { documentTitle } from './page-header.tsx';

export const LOGGED_OUT_PATH = '/logged-out';

export function LoggedOutPage() {
  useEffect(() => {
    document.title = documentTitle('Logged out');
  }, []);
  return (
    <Page
      masthead={
        <Masthead display={{ default: 'inline' }}>
          <MastheadMain>
            <MastheadBrand>
              <a href={applicationsPage.to()} className="credman-brand">
                credman
              </a>
            </MastheadBrand>
          </MastheadMain>
        </Masthead>
      }
    >
      <PageSection>
        <EmptyState titleText="You have logged out" headingLevel="h1">
          <EmptyStateBody>Your credman session and your Keycloak session have ended.</EmptyStateBody>
          <EmptyStateFooter>
            <Button component="a" href={applicationsPage.to()} variant="primary">
              Log in again
            </Button>
          </EmptyStateFooter>
        </EmptyState>
      </PageSection>
    </Page>
  );
}
