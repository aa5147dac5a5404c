// Browser login and the OIDC front-channel endpoints of the double: authorization endpoint, login actions,
// logout, userinfo, and CORS preflights for the endpoints browser apps call. Also registers the
// authorization_code and refresh_token grants of the token endpoint.
import type { RouteModule } from '../app.ts';
import { authorizationCodeGrant } from '../oidc/code-grant.ts';
import { preflightHeaders } from '../oidc/cors.ts';
import { handleLogout, handleLogoutConfirm } from '../oidc/logout.ts';
import { refreshTokenGrant } from '../oidc/refresh-grant.ts';
import { handleUserinfo } from '../oidc/userinfo.ts';
import {
  handleAuthenticate,
  handleAuthorizationRequest,
  handleRequiredAction,
  handleResetCredentials,
} from './browser-login.ts';

const OIDC = '/realms/:realm/protocol/openid-connect';

export const loginRoutes: RouteModule = (app, double) => {
  double.grants.set('authorization_code', authorizationCodeGrant);
  double.grants.set('refresh_token', refreshTokenGrant);

  app.on(['GET', 'POST'], `${OIDC}/auth`, (c) => handleAuthorizationRequest(c, double));
  app.on(['GET', 'POST'], '/realms/:realm/login-actions/authenticate', (c) => handleAuthenticate(c, double));
  app.post('/realms/:realm/login-actions/required-action', (c) => handleRequiredAction(c, double));
  app.on(['GET', 'POST'], '/realms/:realm/login-actions/reset-credentials', (c) =>
    handleResetCredentials(c, double),
  );
  app.on(['GET', 'POST'], `${OIDC}/logout`, (c) => handleLogout(c, double));
  app.post(`${OIDC}/logout/logout-confirm`, (c) => handleLogoutConfirm(c, double));
  app.on(['GET', 'POST'], `${OIDC}/userinfo`, (c) => handleUserinfo(c, double));
  for (const [path, methods] of [
    [`${OIDC}/token`, 'POST, OPTIONS'],
    [`${OIDC}/userinfo`, 'GET, POST, OPTIONS'],
  ] as const) {
    app.options(
      path,
      (c) => new Response(null, { status: 200, headers: preflightHeaders(c.req.header('origin'), methods) }),
    );
  }
};
