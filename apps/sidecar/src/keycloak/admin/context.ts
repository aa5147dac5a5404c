// What each resource module of the adapter is given: the admin client, the resilient call around every request
// and a GET, POST or PUT for the endpoints the admin client lacks.
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type { AdminCall } from './resilient-call.ts';

export interface AdminContext {
  client: KeycloakAdminClient;
  call: AdminCall;
  getJson: (path: string) => Promise<unknown>;
  sendJson: (method: 'POST' | 'PUT', path: string, body: unknown) => Promise<unknown>;
}
