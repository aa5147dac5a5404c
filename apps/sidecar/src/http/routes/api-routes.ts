// Every /api route module of the sidecar beyond /api/me, built from the use cases they need. main.ts serves
// these, and the OpenAPI test checks the document against exactly these routes.
import type { ApiRoutes } from '../../app.ts';
import type { CredentialService } from '../../credentials/credential-service.ts';
import { applicationRoutes } from './applications.ts';

export interface ApiRouteDeps {
  credentials: CredentialService;
  /** Keycloak's token endpoint as partner systems reach it. */
  tokenEndpoint: string;
}

export function apiRoutes(deps: ApiRouteDeps): ApiRoutes[] {
  return [applicationRoutes({ service: deps.credentials, tokenEndpoint: deps.tokenEndpoint })];
}
