// The frame of every page: PatternFly masthead with the user and logout, and the side navigation (operators get
// an extra entry). Pages render into the Outlet.
import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import {
  Button,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadMain,
  MastheadToggle,
  Nav,
  NavItem,
  NavList,
  Page,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  SkipToContent,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { useAuth } from '../auth/auth-context.tsx';
import { routePaths } from '../route-paths.ts';

const MAIN_ID = 'credman-main';

export function AppShell() {
  const { user, logout } = useAuth();
  const { pathname } = useLocation();
  const onApplications = pathname === routePaths.applications || pathname.startsWith('/applications/');

  const masthead = (
    <Masthead>
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton isHamburgerButton aria-label="Main navigation" />
        </MastheadToggle>
        <MastheadBrand>
          <Link to={routePaths.applications} className="credman-brand">
            credman
          </Link>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight>
          <ToolbarContent alignItems="center">
            <ToolbarItem align={{ default: 'alignEnd' }} alignSelf="center">
              {user === undefined ? null : <span className="credman-user">{user.name}</span>}
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" onClick={logout}>
                Log out
              </Button>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );

  const sidebar = (
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

  return (
    <Page
      masthead={masthead}
      sidebar={sidebar}
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
