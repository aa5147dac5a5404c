// Response shapes of the sidecar API the manager pages use (apps/sidecar/src/http/openapi.ts).
import type { ApplicationKind } from '@credman/domain';

export interface ConsoleConfig {
  keycloakUrl: string;
  realm: string;
  clientId: string;
}

export interface Me {
  id: string;
  username: string;
  name: string;
  email: string | null;
  isOperator: boolean;
  acr: string;
  managedClientIds: string[];
  /** The server's rules for a new secret's expiry date. */
  expiryPolicy: { zone: string; maxValidityDays?: number };
}

export type SecretStatus = 'active' | 'expiring' | 'expired' | 'deleted' | 'lost';

export interface Person {
  id: string;
  username: string;
  name: string;
}

export interface Secret {
  id: string;
  name: string;
  /** The first three characters of the value: the only part ever shown again. */
  hint: string;
  createdAt: string;
  createdBy: Person;
  expiresAt: string;
  expiresOn: string;
  status: SecretStatus;
  endedAt?: string;
  /** The latest login with this secret, or that may have been with it when lastUseAmbiguous. */
  lastUsedAt?: string;
  /**
   * With lastUsedAt: true when two secrets were live and Keycloak did not say which one that login used
   * (Keycloak 26.7 never says), so it may have been the other.
   */
  lastUseAmbiguous?: boolean;
}

export interface ApplicationName {
  kind: ApplicationKind;
  country: string;
  countryName: string;
  organisation: string;
  api: string;
  apiName: string;
  sandboxOnly: boolean;
}

export interface ApplicationSummary {
  clientId: string;
  name: ApplicationName;
  description?: string;
  liveSecrets: number;
  nearestExpiry?: { expiresAt: string; status: SecretStatus };
}

export interface ApplicationList {
  total: number;
  first: number;
  applications: ApplicationSummary[];
}

export interface ApplicationDetail extends ApplicationSummary {
  permissions: string[];
  tokenEndpoint: string;
  secrets: Secret[];
}

export interface CreatedSecret {
  secret: Secret;
  value: string;
}

export interface AuditEntry {
  at: string;
  action: string;
  actor?: Person;
  secret?: { id?: string; name?: string; hint?: string };
  subject?: { id?: string; username?: string };
}

export interface AuditTrail {
  entries: AuditEntry[];
}

/** Secrets that still work: the two Keycloak slots hold at most these two. */
export function isLive(secret: Secret): boolean {
  return secret.status === 'active' || secret.status === 'expiring';
}

export interface Manager {
  id: string;
  username: string;
  name: string;
  email: string | null;
  emailVerified: boolean;
  /** `direct`, or `group:<path>` when a group holds the manager role. */
  via: string;
}

export interface ManagerList {
  managers: Manager[];
  warnings: string[];
}
