// The bodies of the sidecar's HTTP API (docs/architecture.md#http-api) as zod schemas: the one source from which
// the OpenAPI document (openapi.ts), the console's types and the sidecar's response types are derived. Each named
// schema is registered in `contractSchemas` under its OpenAPI component name. Response objects are strict, so a
// test that validates a response also catches a member the contract does not name (e.g. a leaked value).
import {
  APPLICATION_KINDS,
  FEWER_THAN_TWO_MANAGERS,
  PROBLEMS,
  PROBLEM_CODES,
  problemType,
} from '@credman/domain';
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

/** The audit actions the sidecar records; apps/sidecar/src/store/records/audit-trail.ts stores exactly these. */
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
  'archived',
  'use-confirmed',
  'retired-secret-presented',
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
    extension: z
      .strictObject({
        present: z.boolean(),
        version: z.string().optional(),
        missing: z.array(z.string()).meta({
          description:
            'What credman cannot do without the extension (or one of its features); empty with it.',
          examples: [['which secret a login used', 'retired secrets presented again']],
        }),
      })
      .meta({
        description:
          "credman's Keycloak extension: without it credman works, but cannot say which secret a login used nor see retired secrets presented again. Not part of `ok`.",
      })
      .optional(),
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

export const SecretUsageSchema = named(
  'SecretUsage',
  z.strictObject({
    last24Hours: z.int().nonnegative().meta({ description: 'Token requests in the last 24 hours.' }),
    last7Days: z.int().nonnegative().meta({ description: 'Token requests in the last 7 days.' }),
    addresses: z
      .array(z.string())
      .max(10)
      .meta({ description: 'Distinct client addresses seen in those 7 days, newest first (at most 10).' }),
    ambiguous: z.boolean().meta({
      description:
        'true: some counted request may have been with the other live secret (Keycloak did not say which one was used).',
    }),
    truncated: z.boolean().meta({
      description:
        'true: the application had more token requests in 7 days than credman reads, so the counts are lower bounds.',
    }),
  }),
  { description: "A secret's use, from Keycloak's CLIENT_LOGIN events of the last 7 days." },
);

export const RetiredUseSchema = named(
  'RetiredUse',
  z.strictObject({
    firstAt: dateTime.meta({ description: 'The first refused token request seen with this ended secret.' }),
    lastAt: dateTime.meta({ description: 'The latest one.' }),
    count: z.int().positive().meta({ description: 'How many were seen.' }),
    addresses: z
      .array(z.string())
      .max(10)
      .meta({ description: 'The client addresses that presented it, newest first (at most 10).' }),
  }),
  {
    description:
      "Systems still present this ended secret: Keycloak refused them (needs credman's Keycloak extension).",
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
    firstUsedAt: dateTime
      .meta({
        description:
          'The earliest token request seen (within the events read, see `usage`) with this secret, or that may have been with it (`lastUseAmbiguous` rules apply).',
      })
      .optional(),
    firstUsedFrom: z
      .string()
      .meta({ description: 'The client address of that first token request.', examples: ['203.0.113.7'] })
      .optional(),
    usage: SecretUsageSchema.optional(),
    useConfirmedAt: dateTime
      .meta({
        description:
          "When a manager confirmed that the application's systems use this secret (needed to finish a rotation when Keycloak cannot say which secret a login used).",
      })
      .optional(),
    useConfirmedBy: PersonSchema.optional(),
    retiredUse: RetiredUseSchema.optional(),
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

export const OVERVIEW_REASONS = [
  'expiring-without-successor',
  'expired',
  'no-live-secret',
  'fewer-than-two-managers',
  'retired-secret-presented',
  'damaged',
] as const;

/** An application as the last realm scan judged it: the overview's rows and the operator list's columns. */
const applicationConditionShape = {
  managers: z.number().int().min(0).nullable().meta({ description: 'null when they could not be read.' }),
  liveSecrets: z.number().int().min(0),
  expiringAt: z.iso.datetime().nullable().meta({
    description: 'Within 30 days: the earliest end of a live secret with no newer one beside it.',
  }),
  expiredAt: z.iso
    .datetime()
    .nullable()
    .meta({ description: 'A secret ended within 30 days and none is live: when the last one ended.' }),
  reasons: z.array(z.enum(OVERVIEW_REASONS)).meta({ description: 'Empty: nothing to do.' }),
};

export const ApplicationConditionSchema = named(
  'ApplicationCondition',
  z.strictObject(applicationConditionShape),
  {
    description:
      "From the last realm scan (see the list's `scan`), not read per request; absent when no scan has seen the application yet.",
  },
);

export const RealmScanSchema = named(
  'RealmScan',
  z.strictObject({
    at: z.iso.datetime().meta({ description: 'When the realm scan behind these figures completed.' }),
    durationMs: z.number().int().min(0),
  }),
);

/** GET /api/applications?filter: operators' filters over the last realm scan; each but `sandbox` is a reason. */
export const APPLICATION_FILTERS = [
  'no-live-secret',
  'expiring-without-successor',
  'expired',
  'fewer-than-two-managers',
  'sandbox',
] as const;

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
  condition: ApplicationConditionSchema.optional(),
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
    scan: RealmScanSchema.nullable().optional().meta({
      description:
        "Operators only: the realm scan the rows' `condition` and a `filter` come from; null before this replica's first scan.",
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
    lastUseAttribution: z
      .enum(['extension', 'keycloak', 'none'])
      .meta({
        description:
          'Where "which secret a login used" comes from: credman\'s Keycloak extension, Keycloak\'s own event detail (26.8+), or nowhere (stock 26.7: a login while two secrets are live counts for both, `lastUseAmbiguous`).',
      })
      .optional(),
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

export const ManagerWarningsSchema = named('ManagerWarnings', z.array(z.enum([FEWER_THAN_TWO_MANAGERS])), {
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
        "use-confirmed: a manager confirmed that systems use the secret (rotation guide). retired-secret-presented: Keycloak refused token requests that presented this ended secret (`presented` aggregates them; needs credman's Keycloak extension). adopted: a secret set outside credman (e.g. in the Keycloak console) was taken into the record. undelivered-removed: a secret whose create failed for its requester (503) but reached Keycloak later, removed by credman because nobody holds its value. edited: a manager changed the name or notes of the secret (`changed` says which). application-edited: an operator changed the description or permissions. archived: credman moved the oldest entries (`count`, from `since` on) out of the stored trail into its log, to keep the trail bounded.",
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
    count: z
      .number()
      .int()
      .min(2)
      .meta({
        description:
          'A compacted entry: the number of edits by the same person of the same secret (or application) from `since` to `at`, the entry showing the last; on `archived`, the number of entries archived.',
      })
      .optional(),
    since: dateTime
      .meta({
        description: 'A compacted entry: when its first edit was (on `archived`, the oldest archived entry).',
      })
      .optional(),
    presented: z
      .strictObject({
        firstAt: dateTime,
        lastAt: dateTime,
        count: z.int().positive(),
        addresses: z.array(z.string()).max(10),
      })
      .meta({
        description:
          'Present on `retired-secret-presented`: the refused token requests since the previous such entry of this secret.',
      })
      .optional(),
  }),
);

export const AuditTrailSchema = named(
  'AuditTrail',
  z.strictObject({ entries: z.array(AuditEntrySchema).meta({ description: 'Newest first.' }) }),
);

/** GET /api/openapi.json: any JSON object (its own shape is OpenAPI's). */
export const OpenApiObjectSchema = z.record(z.string(), z.unknown());

export const OverviewApplicationSchema = named(
  'OverviewApplication',
  z.strictObject({ clientId: z.string(), sandboxOnly: z.boolean(), ...applicationConditionShape }),
);

export const OverviewSchema = named(
  'Overview',
  z.strictObject({
    scan: RealmScanSchema.nullable().meta({
      description: 'null until this replica completed its first realm scan (then all figures are 0).',
    }),
    counts: z.strictObject({
      applications: z.number().int().min(0),
      needingAction: z.number().int().min(0),
      expiringWithoutSuccessor7d: z
        .number()
        .int()
        .min(0)
        .meta({ description: 'Live secrets, not applications.' }),
      expiringWithoutSuccessor30d: z
        .number()
        .int()
        .min(0)
        .meta({ description: 'Live secrets, not applications.' }),
      expired: z.number().int().min(0),
      noLiveSecret: z.number().int().min(0),
      fewerThanTwoManagers: z.number().int().min(0),
      retiredSecretsPresented: z.number().int().min(0).meta({
        description:
          "Secrets, not applications, that ended and were presented in the last 7 days (needs credman's Keycloak extension; 0 without it).",
      }),
      damaged: z.number().int().min(0),
    }),
    weeks: z
      .array(
        z.strictObject({
          from: z.iso.datetime(),
          withSuccessor: z.number().int().min(0),
          withoutSuccessor: z.number().int().min(0),
        }),
      )
      .meta({ description: 'Live secrets ending in each of the next 12 weeks from the scan.' }),
    applications: z
      .array(OverviewApplicationSchema)
      .meta({ description: 'Every managed application, by clientId.' }),
  }),
);
