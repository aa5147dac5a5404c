// The bodies of the sidecar's HTTP API (docs/architecture.md#http-api) as zod schemas: the one source from which
// the OpenAPI document (openapi.ts), the console's types and the sidecar's response types are derived. Each named
// schema is registered in `contractSchemas` under its OpenAPI component name. Response objects are strict, so a
// test that validates a response also catches a member the contract does not name (e.g. a leaked value).
import { APPLICATION_KINDS, PROBLEMS, PROBLEM_CODES, problemType } from '@credman/domain';
import { z } from 'zod';

/** The metadata a contract schema may carry into the OpenAPI document. */
export interface ContractMeta {
  id?: string;
  title?: string;
  description?: string;
  examples?: unknown[];
  [keyword: string]: unknown;
}

/** Named schemas, emitted as `#/components/schemas/<id>` of the OpenAPI document. */
export const contractSchemas = z.registry<ContractMeta>();

function named<S extends z.ZodType>(id: string, schema: S, meta: Omit<ContractMeta, 'id'> = {}): S {
  contractSchemas.add(schema, { id });
  // z.toJSONSchema reads descriptions and examples from the global registry (as `.meta()` writes them).
  if (Object.keys(meta).length > 0) z.globalRegistry.add(schema, meta);
  return schema;
}

/** The audit actions the sidecar records; apps/sidecar/src/audit/audit-trail.ts stores exactly these. */
export const AUDIT_ACTIONS = [
  'created',
  'deleted',
  'expired',
  'lost',
  'adopted',
  'manager-added',
  'manager-removed',
  'application-created',
  'undelivered-removed',
  'edited',
  'application-edited',
] as const;

/** What a manager may change of a secret after its creation. */
export const EDITABLE_SECRET_FIELDS = ['name', 'notes'] as const;
/** What an operator may change of an application after its creation. */
export const EDITABLE_APPLICATION_FIELDS = ['description', 'permissions'] as const;

const dateTime = z.iso.datetime();
const date = z.iso.date();
const nullableEmail = z.string().nullable();

export const FieldErrorSchema = named(
  'FieldError',
  z.object({
    field: z.string().meta({ examples: ['name', 'parts.country'] }),
    reason: z.string().meta({ examples: ['required', 'too-long'] }),
    message: z.string(),
  }),
);

const problemTypeSchema = z.xor(
  PROBLEM_CODES.map((code) =>
    z.literal(problemType(code)).meta({
      title: PROBLEMS[code].title,
      description: `HTTP ${PROBLEMS[code].status}`,
    }),
  ),
);

export const ProblemSchema = named(
  'Problem',
  // Loose: a problem may carry extension members (RFC 9457 §3.2); the known ones are listed.
  z.looseObject({
    type: problemTypeSchema,
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().meta({ description: 'Path of the request that failed.' }).optional(),
    requestId: z
      .string()
      .meta({ description: 'The request id, also in the x-request-id response header.' })
      .optional(),
    errors: z.array(FieldErrorSchema).meta({ description: 'Present on `validation-failed`.' }).optional(),
    lastUsedAt: dateTime
      .meta({ description: 'Present on `secret-recently-used`: as `Secret.lastUsedAt`.' })
      .optional(),
    lastUseAmbiguous: z
      .boolean()
      .meta({ description: 'Present on `secret-recently-used`: as `Secret.lastUseAmbiguous`.' })
      .optional(),
    deleteFirst: z
      .strictObject({ id: z.string(), name: z.string(), hint: z.string() })
      .meta({ description: 'Present on `secret-limit`: the live secret to delete first.' })
      .optional(),
  }),
  {
    description:
      'RFC 9457 problem details. `type` is a stable credman code; clients branch on it, not on `title`.',
  },
);

export const ExpiryPolicySchema = z
  .strictObject({
    zone: z.string().meta({ description: 'IANA time zone.' }),
    maxValidityDays: z.number().int().min(1).max(366).optional(),
  })
  .meta({ description: 'The rules a new secret expiry date follows (end of the chosen day in `zone`).' });

export const MeSchema = named(
  'Me',
  z.strictObject({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    email: nullableEmail,
    isOperator: z.boolean(),
    acr: z.string().meta({ description: 'Authentication level of the login, e.g. `mfa`.' }),
    managedClientIds: z.array(z.string()),
    expiryPolicy: ExpiryPolicySchema,
  }),
);

export const HealthSchema = named('Health', z.strictObject({ status: z.literal('ok') }));

export const ReadinessSchema = named(
  'Readiness',
  z.strictObject({
    ok: z.boolean(),
    checks: z.record(z.string(), z.strictObject({ ok: z.boolean(), detail: z.string().optional() })),
  }),
);

export const ConsoleConfigSchema = named(
  'ConsoleConfig',
  z.strictObject({
    keycloakUrl: z.url(),
    realm: z.string(),
    clientId: z.string(),
    support: z
      .strictObject({
        email: z.email(),
        text: z.string().meta({ description: 'The sentence that introduces the address.' }),
      })
      .nullable()
      .meta({
        description:
          'Who to ask for access or help (CREDMAN_SUPPORT_EMAIL, CREDMAN_SUPPORT_TEXT); null when not configured.',
      }),
  }),
  { description: 'Where the console logs in, and who to ask for access or help.' },
);

export const PersonSchema = named(
  'Person',
  z.strictObject({ id: z.string(), username: z.string(), name: z.string() }),
);

export const UserSchema = named(
  'User',
  z.strictObject({ id: z.string(), username: z.string(), name: z.string(), email: nullableEmail }),
);

export const SecretStatusSchema = named(
  'SecretStatus',
  z.enum(['active', 'expiring', 'expired', 'deleted', 'lost']),
  {
    description: 'expiring: under 30 days left; lost: removed from Keycloak outside credman.',
  },
);

export const SecretSchema = named(
  'Secret',
  z.strictObject({
    id: z.uuid(),
    name: z.string().min(1).max(64),
    notes: z
      .string()
      .min(1)
      .max(250)
      .meta({ description: 'What the secret is for, one paragraph; never anything secret.' })
      .optional(),
    hint: z.string().meta({ description: 'The first 3 characters of the secret.' }),
    createdAt: dateTime,
    createdBy: PersonSchema,
    expiresAt: dateTime.meta({ description: 'The last second the secret works.' }),
    expiresOn: date.meta({ description: 'The expiry date the manager chose.' }),
    status: SecretStatusSchema,
    endedAt: dateTime.meta({ description: 'When it was deleted, expired or lost.' }).optional(),
    lastUsedAt: dateTime
      .meta({
        description:
          'Latest token request with this secret, or that may have been with it (see `lastUseAmbiguous`), when Keycloak records CLIENT_LOGIN events.',
      })
      .optional(),
    lastUseAmbiguous: z
      .boolean()
      .meta({
        description:
          'Present with `lastUsedAt`. true: a token request of the application at that time, when two secrets were live and Keycloak did not say which one was used (Keycloak 26.7 never says), so it may have been the other. false: this secret was used.',
      })
      .optional(),
  }),
  { description: 'Metadata of a secret. The value is never part of it.' },
);

const COUNTRY = /^[A-Z]{2}$/;
const ORGANISATION = /^[A-Za-z][A-Za-z0-9]{1,39}$/;

export const ApplicationNameSchema = named(
  'ApplicationName',
  z.strictObject({
    kind: z.enum(APPLICATION_KINDS),
    country: z.string().regex(COUNTRY),
    countryName: z.string(),
    organisation: z.string().regex(ORGANISATION),
    api: z.string().meta({ examples: ['DM', 'SMC'] }),
    apiName: z.string(),
    sandboxOnly: z.boolean(),
  }),
  { description: 'The parts of a naming-convention client ID.' },
);

const applicationSummaryShape = {
  clientId: z.string(),
  name: ApplicationNameSchema,
  description: z.string().optional(),
  liveSecrets: z.number().int().min(0).max(2),
  nearestExpiry: z
    .strictObject({ expiresAt: dateTime, status: SecretStatusSchema })
    .meta({ description: 'The live secret that expires first.' })
    .optional(),
  damaged: z
    .strictObject({ attribute: z.string() })
    .meta({
      description:
        'Present when a credman attribute of the application cannot be read; an operator must repair it in Keycloak.',
    })
    .optional(),
};

export const ApplicationSummarySchema = named('ApplicationSummary', z.strictObject(applicationSummaryShape));

export const ApplicationListSchema = named(
  'ApplicationList',
  z.strictObject({
    first: z.number().int().min(0),
    hasMore: z.boolean().meta({
      description:
        'Whether another page follows. There is no total: counting every application would cost a scan of all.',
    }),
    applications: z.array(ApplicationSummarySchema),
  }),
);

export const ApplicationDetailSchema = named(
  'ApplicationDetail',
  z.strictObject({
    ...applicationSummaryShape,
    permissions: z.array(z.string()).meta({ examples: [['smc.production']] }),
    tokenEndpoint: z.url(),
    secrets: z.array(SecretSchema).meta({ description: 'Live and past secrets.' }),
    managers: z.array(UserSchema).optional(),
  }),
);

export const ManagerSchema = named(
  'Manager',
  z.strictObject({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    email: nullableEmail,
    emailVerified: z.boolean(),
    via: z
      .string()
      .regex(/^(direct|group:.+)$/)
      .meta({
        description: '`direct` role mapping, or `group:<path>` when a group holds the role.',
        examples: ['direct', 'group:/partners/smc-team'],
      }),
  }),
);

export const ManagerWarningsSchema = named('ManagerWarnings', z.array(z.enum(['fewer-than-two-managers'])), {
  description: '`fewer-than-two-managers`: the application depends on one person (or nobody).',
});

export const ManagerListSchema = named(
  'ManagerList',
  z.strictObject({
    managers: z.array(ManagerSchema).meta({ description: 'Each person once, by username.' }),
    warnings: ManagerWarningsSchema,
  }),
);

export const CreatedApplicationSchema = named(
  'CreatedApplication',
  z.strictObject({
    clientId: z.string().meta({ examples: ['Partner-NL-OrganisationName-SMC'] }),
    name: ApplicationNameSchema,
    description: z.string().nullable(),
    permissions: z.array(z.string()),
    managers: z.array(ManagerSchema).max(0),
    warnings: ManagerWarningsSchema,
  }),
  { description: 'A new application in state EMPTY (no secret) and without managers yet.' },
);

export const UpdatedApplicationSchema = named(
  'UpdatedApplication',
  z.strictObject({
    clientId: z.string(),
    description: z.string().nullable(),
    permissions: z
      .array(z.string())
      .meta({ description: 'The API permissions (default client scopes) now.' }),
  }),
  { description: "An application's description and permissions after an operator's change." },
);

export const UserAccountSchema = named(
  'UserAccount',
  z.strictObject({
    id: z.string(),
    username: z.string(),
    name: z.string().meta({ description: 'First and last name, else the username.' }),
    email: nullableEmail,
    emailVerified: z.boolean().meta({ description: 'Only users with a verified email can become managers.' }),
  }),
);

export const UserPageSchema = named(
  'UserPage',
  z.strictObject({
    users: z.array(UserAccountSchema),
    first: z.number().int().min(0),
    max: z.number().int().min(1).max(100),
  }),
);

export const CreatedSecretSchema = named(
  'CreatedSecret',
  z.strictObject({
    secret: SecretSchema,
    value: z.string().meta({ description: 'The secret value. Shown this once and never again.' }),
  }),
);

export const AuditEntrySchema = named(
  'AuditEntry',
  z.strictObject({
    at: dateTime,
    action: z.enum(AUDIT_ACTIONS).meta({
      description:
        'adopted: a secret set outside credman (e.g. in the Keycloak console) was taken into the record. undelivered-removed: a secret whose create failed for its requester (503) but reached Keycloak later, removed by credman because nobody holds its value. edited: a manager changed the name or notes of the secret (`changed` says which). application-edited: an operator changed the description or permissions.',
    }),
    actor: PersonSchema.optional(),
    secret: z
      .strictObject({ id: z.string().optional(), name: z.string().optional(), hint: z.string().optional() })
      .optional(),
    subject: z
      .strictObject({
        id: z.string().optional(),
        username: z.string().optional(),
        name: z.string().optional(),
      })
      .meta({
        description:
          'The user a manager change concerns; `name` is their full name (absent in entries recorded before it was kept).',
      })
      .optional(),
    changed: z
      .array(z.enum([...EDITABLE_SECRET_FIELDS, ...EDITABLE_APPLICATION_FIELDS]))
      .meta({ description: 'Present on `edited` and `application-edited`: the fields that changed.' })
      .optional(),
  }),
);

export const AuditTrailSchema = named(
  'AuditTrail',
  z.strictObject({ entries: z.array(AuditEntrySchema).meta({ description: 'Newest first.' }) }),
);

/** GET /api/openapi.json: any JSON object (its own shape is OpenAPI's). */
export const OpenApiObjectSchema = z.record(z.string(), z.unknown());
