// The masthead: navigation toggle, brand, the user and logout. One row at every width (a phone included), so
// the page keeps its height for content.
import { Link } from 'react-router';
import {
  Button,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadMain,
  MastheadToggle,
  PageToggleButton,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { useAuth } from '../auth/auth-context.tsx';
import { routePaths } from '../route-paths.ts';

export function AppMasthead() {
  const { user, logout } = useAuth();
  return (
    <Masthead display={{ default: 'inline' }}>
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
}
