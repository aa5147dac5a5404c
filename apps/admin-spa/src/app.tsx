// Providers around the router: react-query (one client per app instance) and the login session.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import type { createBrowserRouter } from 'react-router';
import { ApiProblem } from './api/client.ts';
import { AuthProvider } from './auth/auth-context.tsx';
import type { AuthSession } from './auth/auth-session.ts';

export type AppRouter = ReturnType<typeof createBrowserRouter>;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Problems are answers, not glitches: retrying a 404 or 403 only delays the message. Network failures
        // get one more try.
        retry: (failureCount, error) => !(error instanceof ApiProblem) && failureCount < 1,
        staleTime: 15_000,
      },
    },
  });
}

export function App(props: { session: AuthSession; queryClient: QueryClient; router: AppRouter }) {
  return (
    <QueryClientProvider client={props.queryClient}>
      <AuthProvider session={props.session}>
        <RouterProvider router={props.router} />
      </AuthProvider>
    </QueryClientProvider>
  );
}
