// Response shapes of the sidecar API the console reads: the contract's types (@credman/api-contract, inferred from
// the schemas the sidecar validates and documents with), under the names the console's components import.
import type { Secret } from '@credman/api-contract';

export type {
  ApplicationDetail,
  ApplicationList,
  ApplicationName,
  ApplicationSummary,
  AuditEntry,
  AuditTrail,
  ConsoleConfig,
  CreatedSecret,
  Manager,
  ManagerList,
  Me,
  Person,
  Secret,
  SecretStatus,
  UserAccount,
  UserPage,
} from '@credman/api-contract';

/** Secrets that still work: the two Keycloak slots hold at most these two. */
export function isLive(secret: Secret): boolean {
  return secret.status === 'active' || secret.status === 'expiring';
}
