// The console's routes. Fixed: mails and other code link to them.
export const routePaths = {
  applications: '/',
  application: (clientId: string) => `/applications/${encodeURIComponent(clientId)}`,
  createApplication: '/operator/applications/new',
  overview: '/operator/overview',
} as const;
