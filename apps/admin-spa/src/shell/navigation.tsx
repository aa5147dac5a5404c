// The side navigation; operators get an extra entry.
import { Link, matchPath, useLocation } from 'react-router';
import { Nav, NavItem, NavList, PageSidebar, PageSidebarBody } from '@patternfly/react-core';
import { useAuth } from '../auth/auth-context.tsx';
import { applicationPage, applicationsPage, createApplicationPage } from '@credman/domain';

export function AppNavigation() {
  const { user } = useAuth();
  const { pathname } = useLocation();
  // An application's page belongs to the Applications entry.
  const onApplications =
    pathname === applicationsPage.to() ||
    matchPath({ path: applicationPage.pattern, end: false }, pathname) !== null;
  return (
    <PageSidebar>
      <PageSidebarBody>
        <Nav aria-label="Main navigation">
          <NavList>
            <NavItem isActive={onApplications}>
              <Link to={applicationsPage.to()}>Applications</Link>
            </NavItem>
            {user?.isOperator === true ? (
              <NavItem isActive={pathname === createApplicationPage.to()}>
                <Link to={createApplicationPage.to()}>Create application</Link>
              </NavItem>
            ) : null}
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );
}
