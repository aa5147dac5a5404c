// The masthead, like Keycloak's admin console: navigation toggle, brand, and the user's menu (their name as the
// toggle, Log out inside). One row at every width, a phone included; a long name is shortened with an ellipsis
// rather than hidden, so the reader always sees whose session it is.
import { useState } from 'react';
import { Link } from 'react-router';
import {
  Dropdown,
  DropdownItem,
  DropdownList,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadMain,
  MastheadToggle,
  MenuToggle,
  PageToggleButton,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { UserIcon } from '@patternfly/react-icons/dist/esm/icons/user-icon';
import { useAuth } from '../auth/auth-context.tsx';
import { applicationsPage } from '@credman/domain';

export function AppMasthead() {
  return (
    <Masthead display={{ default: 'inline' }}>
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton isHamburgerButton aria-label="Main navigation" />
        </MastheadToggle>
        <MastheadBrand>
          <Link to={applicationsPage.to()} className="credman-brand">
            credman
          </Link>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight>
          <ToolbarContent alignItems="center">
            <ToolbarItem align={{ default: 'alignEnd' }} alignSelf="center">
              <UserMenu />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
}

function UserMenu() {
  const { user, logout } = useAuth();
  const [open, setOpen] = useState(false);
  const name = user?.name ?? 'Account';
  return (
    <Dropdown
      isOpen={open}
      onOpenChange={setOpen}
      onSelect={() => {
        setOpen(false);
      }}
      popperProps={{ position: 'right' }}
      toggle={(toggleRef) => (
        <MenuToggle
          ref={toggleRef}
          variant="plainText"
          icon={<UserIcon />}
          isExpanded={open}
          aria-label={`User menu of ${name}`}
          className="credman-user-menu"
          onClick={() => {
            setOpen((wasOpen) => !wasOpen);
          }}
        >
          <span className="credman-user">{name}</span>
        </MenuToggle>
      )}
    >
      <DropdownList>
        <DropdownItem value="logout" onClick={logout}>
          Log out
        </DropdownItem>
      </DropdownList>
    </Dropdown>
  );
}
