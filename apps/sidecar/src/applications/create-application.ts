// Creating an application (operators; docs/architecture.md#applications): a confidential Keycloak client named
// by the convention, with its API permissions as default client scopes, then its `credential-manager` role
// (from then on the rotation policy applies), then credman's first write, which leaves it in state EMPTY
// (docs/architecture.md#states-and-the-slot-rule).
import { randomUUID } from 'node:crypto';
import {
  APPLICATION_KINDS,
  formatApplicationName,
  validateNewApplicationParts,
  toSeconds,
  validateApplicationDescription,
  validatePermissions,
} from '@credman/domain';
import type {
  ApiCatalogue,
  ApplicationKind,
  FieldError,
  NamePart,
  ParsedApplicationName,
} from '@credman/domain';
import type { AuditEntry } from '../store/records/audit-trail.ts';
import type { CredentialService } from '../credentials/credential-service.ts';
import type { Actor } from '../store/records/secrets.ts';
import { EMPTY_DOCUMENT } from '../store/records/secrets.ts';
import { planRefresh } from '../credentials/rotation.ts';
import { generateSecretValue } from '../credentials/secret-generator.ts';
import { KeycloakConflictError } from '../keycloak/errors.ts';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import type { KeycloakPort, NewClient } from '../keycloak/port.ts';
import { newApplicationFields } from '../store/application.ts';
import { ApplicationExistsError, ApplicationInputError } from './errors.ts';
import { applicationScopes } from './scopes.ts';
import type { ManagerWarning } from './managers.ts';
import { managerWarnings } from './managers.ts';
import type { Manager } from './managers.ts';

export interface NewApplicationInput {
  kind: string;
  country: string;
  organisation: string;
  api: string;
  permissions: string[];
  description?: string | undefined;
}

export interface CreatedApplication {
  clientId: string;
  name: ParsedApplicationName;
  description: string | null;
  permissions: string[];
  managers: Manager[];
  warnings: ManagerWarning[];
}

export interface CreateApplicationDeps {
  keycloak: KeycloakPort;
  credentials: Pick<CredentialService, 'recordAudit'>;
  catalogue: ApiCatalogue;
  /** Epoch milliseconds. */
  now: () => number;
  generateSecret?: () => string;
}

// The request names the prefix `kind`, as the domain's ApplicationNameParts does.
const FIELD_OF_PART: Record<NamePart, string> = {
  format: 'kind',
  prefix: 'kind',
  country: 'country',
  organisation: 'organisation',
  api: 'api',
};

const isKind = (value: string): value is ApplicationKind =>
  (APPLICATION_KINDS as readonly string[]).includes(value);

interface ValidApplication {
  name: ParsedApplicationName;
  permissions: string[];
  description: string | undefined;
}

/** The description's problems as field errors (display-text rules, docs/architecture.md#validation-and-errors). */
function checkDescription(raw: string | undefined, fields: FieldError[]): string | undefined {
  if (raw === undefined) return undefined;
  const description = validateApplicationDescription(raw);
  if (description.ok) return description.value;
  fields.push(
    ...description.errors.map((e) => ({ field: 'description', reason: e.reason, message: e.message })),
  );
  return undefined;
}

/** All problems of the request at once: every invalid name part, every refused permission, the description. */
function validateNewApplication(input: NewApplicationInput, catalogue: ApiCatalogue): ValidApplication {
  const fields: FieldError[] = [];
  const name = validateNewApplicationParts(input, catalogue);
  if (!name.ok)
    fields.push(
      ...name.errors.map((e) => ({ field: FIELD_OF_PART[e.part], reason: e.reason, message: e.message })),
    );
  // Permissions depend on kind and API only, so they are checked even when the country or organisation is bad.
  const api = catalogue.find((entry) => entry.code === input.api);
  const permissions =
    isKind(input.kind) && api
      ? validatePermissions({ kind: input.kind, api: api.code }, input.permissions, catalogue)
      : undefined;
  if (permissions && !permissions.ok)
    fields.push(
      ...permissions.errors.map((e) => {
        // Point at the offending entry (the repeated one for a duplicate) so a form can mark it.
        const index =
          e.scope === undefined
            ? -1
            : e.reason === 'duplicate-scope'
              ? input.permissions.lastIndexOf(e.scope)
              : input.permissions.indexOf(e.scope);
        return {
          field: index < 0 ? 'permissions' : `permissions.${index}`,
          reason: e.reason,
          message: e.message,
        };
      }),
    );
  const description = checkDescription(input.description, fields);
  if (!name.ok || !permissions?.ok || fields.length > 0) throw new ApplicationInputError(fields);
  return { name: name.value, permissions: permissions.value, description };
}

const SPELLING_PAGE = 100;

/**
 * An existing client whose clientId equals `clientId` but for case. Keycloak's own uniqueness is case-sensitive,
 * so `Partner-NL-Acme-DM` beside `Partner-NL-ACME-DM` would be two look-alike applications; its search is
 * case-insensitive (docs/architecture.md#keycloak-facts), so one search finds any spelling.
 */
async function existingSpelling(keycloak: KeycloakPort, clientId: string): Promise<string | undefined> {
  const wanted = clientId.toLowerCase();
  for (let first = 0; ; first += SPELLING_PAGE) {
    const page = await keycloak.searchClients({ search: clientId, first, max: SPELLING_PAGE });
    const same = page.find((client) => client.clientId.toLowerCase() === wanted);
    if (same) return same.clientId;
    if (page.length < SPELLING_PAGE) return undefined;
  }
}

/**
 * The client's first slot state: a placeholder nobody knows, expiring in the second it is written, recorded as
 * the placeholder in `credman.secrets`. Without it the secret Keycloak stores at creation would look like one
 * set outside credman and be adopted as a live secret by the first write.
 */
function initialSlotState(
  now: number,
  generateSecret: () => string,
): Pick<NewClient, 'secret' | 'attributes'> {
  const plan = planRefresh(
    EMPTY_DOCUMENT,
    { current: undefined, rotated: undefined },
    { now: toSeconds(now), writer: randomUUID(), newId: randomUUID, generateSecret },
  );
  return newApplicationFields(plan.slots, plan.document);
}

export async function createApplication(
  deps: CreateApplicationDeps,
  input: NewApplicationInput,
  actor: Actor,
): Promise<CreatedApplication> {
  const { keycloak, catalogue } = deps;
  const { name, permissions, description } = validateNewApplication(input, catalogue);
  const clientId = formatApplicationName(name);
  const existing = await existingSpelling(keycloak, clientId);
  if (existing !== undefined) throw new ApplicationExistsError(existing);

  const { secret, attributes } = initialSlotState(deps.now(), deps.generateSecret ?? generateSecretValue);
  let clientUuid: string;
  try {
    clientUuid = await keycloak.createClient({
      clientId,
      description,
      secret,
      attributes,
      ...applicationScopes(permissions),
    });
  } catch (error) {
    // Another operator created it between our check and our create.
    if (error instanceof KeycloakConflictError) throw new ApplicationExistsError(clientId, { cause: error });
    throw error;
  }

  const created: AuditEntry = { at: toSeconds(deps.now()), action: 'application-created', actor };
  try {
    await keycloak.createClientRole(clientUuid, MANAGER_ROLE);
    await deps.credentials.recordAudit(clientId, [created]);
  } catch (error) {
    // A client without its role or first write is not an application credman can manage, but it would block
    // a retry with 409; remove it. If that fails too, the original error is the one worth reporting.
    await keycloak.deleteClient(clientUuid).catch(() => undefined);
    throw error;
  }
  return {
    clientId,
    name,
    description: description ?? null,
    permissions,
    managers: [],
    warnings: managerWarnings([]),
  };
}
