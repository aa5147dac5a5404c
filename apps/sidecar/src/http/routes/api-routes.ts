// Every /api route module of the sidecar beyond /api/me, built from the use cases they need. main.ts serves
// these, and the OpenAPI test checks the document against exactly these routes.
import type { ApiCatalogue } from '@credman/domain';
import type { ApiRoutes } from './api-route.ts';
import type { ManagerChangeListener } from '../../applications/manager-assignment.ts';
import type { ApplicationEdit } from '../../applications/edit-application.ts';
import type { CredentialService } from '../../credentials/credential-service.ts';
import type { KeycloakPort } from '../../keycloak/port.ts';
import type { ApplicationStore } from '../../store/application-store.ts';
import { applicationRoutes } from './applications.ts';
import { operatorRoutes } from './operator.ts';
import { overviewRoutes } from './overview.ts';
import type { RealmSummary } from '../../overview/summary.ts';

export interface ApiRouteDeps {
  keycloak: KeycloakPort;
  credentials: CredentialService;
  /** The application store the operator use cases read (the one the credential service writes with). */
  store: ApplicationStore;
  catalogue: ApiCatalogue;
  /** Current time, epoch milliseconds. */
  now: () => number;
  /** Keycloak's token endpoint as partner systems reach it. */
  tokenEndpoint: string;
  /** Notices of manager changes (mail); none without SMTP. */
  onManagerChange?: ManagerChangeListener | undefined;
  /** Told after an operator changed an application (mail to its managers). */
  onApplicationEdit?: ((edit: ApplicationEdit) => void) | undefined;
  /** The last realm scan (GET /api/overview); none: the overview stays empty. */
  realmSummary?: () => RealmSummary | undefined;
}

export function apiRoutes(deps: ApiRouteDeps): ApiRoutes[] {
  return [
    applicationRoutes({
      service: deps.credentials,
      tokenEndpoint: deps.tokenEndpoint,
      latestScan: deps.realmSummary ?? (() => undefined),
    }),
    operatorRoutes({
      keycloak: deps.keycloak,
      store: deps.store,
      credentials: deps.credentials,
      catalogue: deps.catalogue,
      now: deps.now,
      onManagerChange: deps.onManagerChange,
      onApplicationEdit: deps.onApplicationEdit,
    }),
    overviewRoutes({ latest: deps.realmSummary ?? (() => undefined) }),
  ];
}
