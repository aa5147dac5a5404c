// The TypeScript types of the contract, inferred from its schemas: the console reads responses as these, and the
// sidecar's route handlers must produce them (a body that does not fit fails `tsc`).
import type { z } from 'zod';
import type {
  CreateApplicationBody,
  CreateSecretBody,
  ListApplicationsQuery,
  SearchUsersQuery,
  UpdateApplicationBody,
  UpdateSecretBody,
} from './requests.ts';
import type {
  APPLICATION_FILTERS,
  ApplicationDetailSchema,
  ApplicationConditionSchema,
  ApplicationListSchema,
  ApplicationNameSchema,
  ApplicationSummarySchema,
  AuditEntrySchema,
  AuditTrailSchema,
  ConsoleConfigSchema,
  CreatedApplicationSchema,
  CreatedSecretSchema,
  ExpiryPolicySchema,
  FieldErrorSchema,
  HealthSchema,
  ManagerListSchema,
  ManagerSchema,
  ManagerWarningsSchema,
  MeSchema,
  PersonSchema,
  ProblemSchema,
  ReadinessSchema,
  SecretSchema,
  SecretStatusSchema,
  UpdatedApplicationSchema,
  UserAccountSchema,
  UserPageSchema,
  UserSchema,
  OverviewSchema,
  OverviewApplicationSchema,
  RealmScanSchema,
} from './schemas.ts';

export type ProblemBody = z.infer<typeof ProblemSchema>;
export type FieldErrorBody = z.infer<typeof FieldErrorSchema>;
export type Me = z.infer<typeof MeSchema>;
export type ExpiryPolicy = z.infer<typeof ExpiryPolicySchema>;
export type Health = z.infer<typeof HealthSchema>;
export type Readiness = z.infer<typeof ReadinessSchema>;
export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;
export type Person = z.infer<typeof PersonSchema>;
export type User = z.infer<typeof UserSchema>;
export type SecretStatus = z.infer<typeof SecretStatusSchema>;
export type Secret = z.infer<typeof SecretSchema>;
export type ApplicationName = z.infer<typeof ApplicationNameSchema>;
export type ApplicationSummary = z.infer<typeof ApplicationSummarySchema>;
export type ApplicationList = z.infer<typeof ApplicationListSchema>;
export type ApplicationCondition = z.infer<typeof ApplicationConditionSchema>;
export type ApplicationFilter = (typeof APPLICATION_FILTERS)[number];
export type RealmScan = z.infer<typeof RealmScanSchema>;
export type ApplicationDetail = z.infer<typeof ApplicationDetailSchema>;
export type Manager = z.infer<typeof ManagerSchema>;
export type ManagerWarnings = z.infer<typeof ManagerWarningsSchema>;
export type ManagerList = z.infer<typeof ManagerListSchema>;
export type CreatedApplication = z.infer<typeof CreatedApplicationSchema>;
export type UserAccount = z.infer<typeof UserAccountSchema>;
export type UserPage = z.infer<typeof UserPageSchema>;
export type Overview = z.infer<typeof OverviewSchema>;
export type OverviewApplication = z.infer<typeof OverviewApplicationSchema>;
export type CreatedSecret = z.infer<typeof CreatedSecretSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditTrail = z.infer<typeof AuditTrailSchema>;

export type CreateApplicationRequest = z.input<typeof CreateApplicationBody>;
export type CreateSecretRequest = z.input<typeof CreateSecretBody>;
export type UpdateApplicationRequest = z.input<typeof UpdateApplicationBody>;
export type UpdatedApplication = z.infer<typeof UpdatedApplicationSchema>;
export type UpdateSecretRequest = z.input<typeof UpdateSecretBody>;
export type ListApplicationsParams = z.input<typeof ListApplicationsQuery>;
export type SearchUsersParams = z.input<typeof SearchUsersQuery>;
