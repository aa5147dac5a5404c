// The login session and the current user for every component: `useAuth()` gives token(), logout() and the
// user from /api/me (undefined while it loads).
import { createContext, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { bindApiAuth } from '../api/client.ts';
import { meQuery } from '../api/queries.ts';
import type { Me } from '@credman/api-contract';
import type { AuthSession } from './auth-session.ts';
import { useOpenDialogCount } from '../components/open-dialogs.ts';
import { SessionEndedModal } from './session-ended-modal.tsx';

export interface AuthContextValue {
  token: () => Promise<string>;
  logout: () => void;
  login: () => void;
  /** The caller, once /api/me has answered. */
  user: Me | undefined;
}

const AuthContext = createContext<AuthContextValue | undefined>(undefined);

export function AuthProvider({ session, children }: { session: AuthSession; children: ReactNode }) {
  const [ended, setEnded] = useState(false);
  const openDialogs = useOpenDialogCount();
  // Bound during render, before any child query starts; binding the same session again is harmless.
  bindApiAuth({
    token: () => session.token(),
    sessionEnded: () => {
      setEnded(true);
    },
  });
  const { data: user } = useQuery(meQuery());
  const value = useMemo<AuthContextValue>(
    () => ({
      token: () => session.token(),
      logout: () => {
        session.logout();
      },
      login: () => {
        session.login();
      },
      user,
    }),
    [session, user],
  );
  return (
    <AuthContext value={value}>
      {children}
      {ended && openDialogs === 0 ? (
        <SessionEndedModal
          onLogin={() => {
            session.login();
          }}
        />
      ) : null}
    </AuthContext>
  );
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (value === undefined) throw new Error('useAuth needs an AuthProvider');
  return value;
}
