// The side navigation; operators get an extra entry.
import { Link, useLocation } from 'react-router';
import { Nav, NavItem, NavList, PageSidebar, PageSidebarBody } from '@patternfly/react-core';
import { useAuth } from '../auth/auth-context.tsx';
import { routePaths } from '../route-paths.ts';

export function AppNavigation() {
  const { user } = useAuth();
  const { pathname } = useLocation();
  const onApplications = pathname === routePaths.applications || pathname.startsWith('/applications/');
  return (
    <PageSidebar>
      <PageSidebarBody>
        <Nav aria-label="Main navigation">
          <NavList>
            <NavItem isActive={onApplications}>
              <Link to={routePaths.applications}>Applications</Link>
            </NavItem>
            {user?.isOperator === true ? (
              <NavItem isActive={pathname === routePaths.createApplication}>
                <Link to={routePaths.createApplication}>Create application</Link>
              </NavItem>
            ) : null}
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );
}
