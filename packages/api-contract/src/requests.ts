// What the sidecar accepts: path parameters, query strings and JSON bodies. The sidecar parses with exactly these
// schemas (apps/sidecar/src/http/validation.ts). They check the *shape* only; the domain rules (naming convention,
// secret name and expiry policy) are the use cases', so their field errors carry the domain's reasons (e.g.
// `unknown-country`). Those rules are still documented: `.meta()` adds their JSON Schema keywords to the OpenAPI
// document without making zod judge them first (docs/architecture.md#validation-and-errors).
import {
  APPLICATION_DESCRIPTION_MAX_LENGTH,
  APPLICATION_KINDS,
  SECRET_NAME_MAX_LENGTH,
  SECRET_NOTES_MAX_LENGTH,
  APPLICATION_PAGE_MAX,
} from '@credman/domain';
import { z } from 'zod';
import { APPLICATION_FILTERS, contractSchemas } from './schemas.ts';

/** Paging bounds of GET /api/users. */
export const USER_PAGE_DEFAULT_MAX = 20;
export const USER_PAGE_MAX = 100;
/** Paging bounds of GET /api/applications. */
export const APPLICATION_PAGE_DEFAULT_MAX = 50;

const pageStart = z.coerce.number().int().min(0).max(1_000_000).default(0);

export const ClientIdParams = z.object({
  clientId: z.string().min(1).max(255).meta({ description: "The application's Keycloak client ID." }),
});
export const SecretParams = ClientIdParams.extend({
  secretId: z.string().min(1).max(64).meta({ format: 'uuid' }),
});
export const ManagerParams = ClientIdParams.extend({
  // Keycloak's user ids are UUIDs; anything else (`.`, `..`, a path) would reach other admin endpoints.
  userId: z.uuid().meta({ description: 'Keycloak user id (a UUID).' }),
});

export const ListApplicationsQuery = z.object({
  search: z.string().max(100).optional(),
  filter: z.enum(APPLICATION_FILTERS).optional().meta({
    description:
      "Operators only: the applications the last realm scan found in this state (a reason, or `sandbox`), paged from the scan instead of Keycloak's listing; `scan` says its age.",
  }),
  first: pageStart,
  max: z.coerce.number().int().min(1).max(APPLICATION_PAGE_MAX).default(APPLICATION_PAGE_DEFAULT_MAX),
});

export const SearchUsersQuery = z.object({
  search: z
    .string()
    .max(100)
    .default('')
    .meta({ description: 'Part of the username, email, first or last name; empty lists everyone.' }),
  first: pageStart,
  max: z.coerce.number().int().min(1).max(USER_PAGE_MAX).default(USER_PAGE_DEFAULT_MAX),
});

export const DeleteSecretQuery = z.object({
  force: z
    .enum(['true', 'false'])
    .default('false')
    .meta({ description: 'Delete even when the secret was used within the last 24 hours.' }),
});

export const CreateApplicationBody = z
  .strictObject({
    kind: z
      .string()
      .max(64)
      .meta({ enum: [...APPLICATION_KINDS] }),
    country: z.string().max(16).meta({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2.' }),
    organisation: z.string().max(200).meta({ pattern: '^[A-Za-z][A-Za-z0-9]{1,39}$' }),
    api: z
      .string()
      .max(64)
      .meta({ examples: ['DM', 'SMC'] }),
    permissions: z
      .array(z.string().max(200))
      .max(20)
      .meta({
        minItems: 1,
        description:
          "Client scopes of the API; PartnerAlternative applications may only hold the API's sandbox scope.",
        examples: [['smc.production', 'smc.sandbox']],
      }),
    description: z
      .string()
      .max(1000)
      .meta({
        maxLength: APPLICATION_DESCRIPTION_MAX_LENGTH,
        description:
          'Shown to managers: NFC, visible characters only (`invisible-character`, `line-separator`, … as for secret names).',
      })
      .optional(),
  })
  .meta({
    description:
      'The parts of the naming convention and the API permissions. Invalid parts give one field error each, with the domain reason (e.g. `unknown-country`, `production-not-allowed`; permission errors name `permissions.<index>`).',
  })
  .register(contractSchemas, { id: 'CreateApplication' });

const secretNotes = z.string().max(4000).meta({
  maxLength: SECRET_NOTES_MAX_LENGTH,
  description: 'Optional notes, one paragraph; empty means none.',
});

export const CreateSecretBody = z
  .strictObject({
    name: z.string().max(1000).meta({ minLength: 1, maxLength: SECRET_NAME_MAX_LENGTH }),
    notes: secretNotes.optional(),
    expiresOn: z
      .string()
      .max(32)
      .meta({ format: 'date', description: 'Last day the secret works (configured time zone).' }),
  })
  .register(contractSchemas, { id: 'CreateSecret' });

export const UpdateSecretBody = z
  .strictObject({
    name: z.string().max(1000).meta({ minLength: 1, maxLength: SECRET_NAME_MAX_LENGTH }).optional(),
    notes: secretNotes.optional(),
  })
  .meta({
    description:
      'The fields to change of a live secret; those left out stay. Notes set to an empty string are removed.',
  })
  .register(contractSchemas, { id: 'UpdateSecret' });

export const UpdateApplicationBody = z
  .strictObject({
    description: z
      .string()
      .max(1000)
      .meta({ maxLength: APPLICATION_DESCRIPTION_MAX_LENGTH, description: 'Empty removes it.' })
      .optional(),
    permissions: z
      .array(z.string().max(200))
      .max(20)
      .meta({ minItems: 1, description: 'The whole new set of API permissions, checked as at creation.' })
      .optional(),
  })
  .meta({
    description:
      "The fields to change of an application (operators); those left out stay. Permissions become the client's default client scopes in Keycloak.",
  })
  .register(contractSchemas, { id: 'UpdateApplication' });
