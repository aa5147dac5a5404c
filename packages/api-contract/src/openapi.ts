// The OpenAPI 3.1 document of the sidecar (served at GET /api/openapi.json), derived from the contract: the
// schemas (schemas.ts, requests.ts) through z.toJSONSchema, the operations from operations.ts. Nothing here is
// written by hand but the prose (docs/architecture.md#http-api). A member the document does not have is left out,
// not undefined (openapi-types.ts says so): the tests read the object itself, not its JSON.
import { z } from 'zod';
import type { OpenApiDocument, Operation, Parameter, PathItem, Response, Schema } from './openapi-types.ts';
import { OPERATIONS, SHARED_PROBLEMS, problemResponseOf } from './operations.ts';
import type { BodyResponse, OperationSpec, ProblemResponse, ResponseSpec } from './operations.ts';
import { contractSchemas } from './schemas.ts';

const schemaRef = (id: string): Schema => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });

/** Formats zod also spells as a regex: the document keeps the format and drops the regex. */
const FORMATS_WITHOUT_PATTERN = new Set(['date-time', 'date', 'uuid', 'uri', 'email']);

const jsonSchemaOptions = {
  unrepresentable: 'any',
  override: (context: { jsonSchema: Record<string, unknown> }) => {
    const schema = context.jsonSchema;
    if (typeof schema.format === 'string' && FORMATS_WITHOUT_PATTERN.has(schema.format))
      delete schema.pattern;
  },
} as const;

function withoutDialect(schema: Record<string, unknown>): Schema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

function componentSchemas(): Record<string, Schema> {
  const { schemas } = z.toJSONSchema(contractSchemas, {
    ...jsonSchemaOptions,
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema as Record<string, unknown>)]),
  );
}

/** A named schema as a reference, anything else inline. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): Schema {
  const id = contractSchemas.get(schema)?.id;
  if (id !== undefined) return schemaRef(id);
  return withoutDialect(z.toJSONSchema(schema, { ...jsonSchemaOptions, io }));
}

function parametersOf(object: z.ZodObject | undefined, location: 'path' | 'query'): Parameter[] {
  return Object.entries(object?.shape ?? {}).map(([name, field]) => {
    const { description, ...schema } = schemaOf(field as z.ZodType, 'input');
    const optional = (field as z.ZodType).safeParse(undefined).success;
    return {
      name,
      in: location,
      ...(location === 'path' || !optional ? { required: true } : {}),
      ...(typeof description === 'string' ? { description } : {}),
      schema,
    };
  });
}

function problemResponse({ description, codes, headers = [] }: ProblemResponse): Response {
  const response: Response = {
    description: `${description} Codes: ${codes.map((code) => `\`${code}\``).join(', ')}.`,
    content: { 'application/problem+json': { schema: schemaRef('Problem') } },
  };
  if (headers.length > 0) {
    response.headers = Object.fromEntries(
      headers.map((name) => [name, { $ref: `#/components/headers/${name}` }]),
    );
  }
  return response;
}

function bodyResponse({ description, body, headers }: BodyResponse): Response {
  return {
    description,
    ...(body === undefined ? {} : { content: json(schemaOf(body)) }),
    ...(headers === undefined
      ? {}
      : {
          headers: Object.fromEntries(
            Object.entries(headers).map(([name, text]) => [
              name,
              { description: text, schema: { type: 'string' } },
            ]),
          ),
        }),
  };
}

function responseOf(spec: ResponseSpec): Response | { $ref: string } {
  if (typeof spec === 'string') return { $ref: `#/components/responses/${spec}` };
  const problem = problemResponseOf(spec);
  return problem === undefined ? bodyResponse(spec as BodyResponse) : problemResponse(problem);
}

/** Success first, then problems by status, as a reader scans them. */
function sortedResponses(responses: OperationSpec['responses']): Operation['responses'] {
  return Object.fromEntries(
    Object.entries(responses)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, spec]) => [status, responseOf(spec)]),
  );
}

function operationOf(spec: OperationSpec): Operation {
  const parameters = parametersOf(spec.query, 'query');
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    tags: [spec.tag],
    ...(spec.public === true ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.body === undefined
      ? {}
      : { requestBody: { required: true, content: json(schemaOf(spec.body, 'input')) } }),
    responses: sortedResponses(spec.responses),
  };
}

function paths(): Record<string, PathItem> {
  const items: Record<string, PathItem> = {};
  for (const spec of OPERATIONS) {
    const item = (items[spec.path] ??= {});
    const pathParameters = parametersOf(spec.params, 'path');
    if (pathParameters.length > 0) item.parameters = pathParameters;
    item[spec.method] = operationOf(spec);
  }
  return items;
}

const HEADERS = {
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } },
  'WWW-Authenticate': { description: 'RFC 6750 / RFC 9470 bearer challenge.', schema: { type: 'string' } },
  Allow: { description: 'Methods the path supports.', schema: { type: 'string' } },
};

/** Builds the document; the sidecar builds it once at start. */
export function openApiDocument(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'credman sidecar API',
      version: '0.1.0',
      description:
        'Self-service rotation of Keycloak client secrets. Errors are RFC 9457 problem documents with a stable `type`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'session', description: 'The caller.' },
      { name: 'applications', description: 'Applications and their secrets.' },
      { name: 'operators', description: 'Operator-only administration.' },
      { name: 'operations', description: 'Probes and this document.' },
    ],
    paths: paths(),
    components: {
      schemas: componentSchemas(),
      headers: HEADERS,
      responses: Object.fromEntries(
        Object.entries(SHARED_PROBLEMS).map(([name, spec]) => [name, problemResponse(spec)]),
      ),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An access token of the credman console client issued by the realm, with multi-factor acr.',
        },
      },
    },
  };
}
