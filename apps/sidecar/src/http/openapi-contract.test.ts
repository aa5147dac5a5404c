// The served document comes from @credman/api-contract and is valid OpenAPI 3.1: its structure (a zod model of
// the OpenAPI objects it uses) and every schema as JSON Schema 2020-12 (ajv, strict). The official OpenAPI 3.1
// meta-schema is not among the dependencies, so these checks stand in for it.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { OPERATIONS, contractSchemas, problemResponseOf } from '@credman/api-contract';
import type { BodyResponse, HttpMethod, Operation, Response as ApiResponse } from '@credman/api-contract';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AUDIT_ACTIONS as RECORDED_AUDIT_ACTIONS } from '../store/records/audit-trail.ts';
import { USER_SEARCH_DEFAULT_MAX, USER_SEARCH_MAX } from '../applications/users.ts';
import { AUDIT_ACTIONS, USER_PAGE_DEFAULT_MAX, USER_PAGE_MAX } from '@credman/api-contract';
import { OPENAPI_DOCUMENT } from './openapi.ts';

const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const served = JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)) as typeof OPENAPI_DOCUMENT;

const operations = Object.entries(served.paths).flatMap(([path, item]) =>
  METHODS.flatMap((method) => {
    const operation: Operation | undefined = item[method];
    return operation === undefined ? [] : [{ path, method, operation }];
  }),
);

const resolved = (response: ApiResponse | { $ref: string }): ApiResponse =>
  '$ref' in response ? served.components.responses[response.$ref.split('/').pop()!]! : response;

const ref = z.object({ $ref: z.string().startsWith('#/components/') });
const schemaObject = z.union([ref, z.record(z.string(), z.unknown())]);
const parameter = z.strictObject({
  name: z.string().min(1),
  in: z.enum(['path', 'query', 'header', 'cookie']),
  required: z.boolean().optional(),
  description: z.string().optional(),
  schema: schemaObject,
});
const response = z.union([
  ref,
  z.strictObject({
    description: z.string().min(1),
    headers: z
      .record(z.string(), z.union([ref, z.strictObject({ description: z.string(), schema: schemaObject })]))
      .optional(),
    content: z.record(z.string(), z.strictObject({ schema: schemaObject })).optional(),
  }),
]);
const operation = z.strictObject({
  operationId: z.string().regex(/^[A-Za-z]\w*$/),
  summary: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  parameters: z.array(z.union([ref, parameter])).optional(),
  requestBody: z
    .strictObject({
      required: z.boolean(),
      content: z.record(z.string(), z.strictObject({ schema: schemaObject })),
    })
    .optional(),
  responses: z.record(z.string().regex(/^[1-5]\d\d$/), response).refine((r) => Object.keys(r).length > 0),
  'x-credman-status': z.literal('planned').optional(),
});
/** The OpenAPI 3.1 objects this document uses, with the members the specification requires. */
const openApi31 = z.strictObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.strictObject({ title: z.string(), version: z.string(), description: z.string().optional() }),
  servers: z.array(z.strictObject({ url: z.string(), description: z.string().optional() })).optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  tags: z.array(z.strictObject({ name: z.string(), description: z.string().optional() })).optional(),
  paths: z.record(
    z.string().startsWith('/'),
    z.strictObject({
      parameters: z.array(z.union([ref, parameter])).optional(),
      ...Object.fromEntries(METHODS.map((method) => [method, operation.optional()])),
    }),
  ),
  components: z.strictObject({
    schemas: z.record(z.string(), z.record(z.string(), z.unknown())),
    responses: z.record(z.string(), response),
    parameters: z.record(z.string(), parameter).optional(),
    headers: z.record(z.string(), z.strictObject({ description: z.string(), schema: schemaObject })),
    securitySchemes: z.record(z.string(), z.record(z.string(), z.unknown())),
  }),
});

describe('the served OpenAPI document', () => {
  it('has the structure of OpenAPI 3.1', () => {
    const result = openApi31.safeParse(served);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('has unique operation ids, declared tags and required path parameters', () => {
    const ids = operations.map(({ operation: op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(served.tags?.map(({ name }) => name));
    for (const { operation: op } of operations) for (const tag of op.tags ?? []) expect(tags).toContain(tag);
    for (const item of Object.values(served.paths))
      for (const declared of item.parameters ?? [])
        if (!('$ref' in declared) && declared.in === 'path') expect(declared.required).toBe(true);
  });

  it('has schemas that are valid JSON Schema 2020-12 (strict) and whose references resolve', () => {
    const ajv = new Ajv2020({ strict: true, validateFormats: false, allErrors: true });
    // OpenAPI components are addressed as #/components/schemas/…; as one 2020-12 schema they are $defs.
    const defs = JSON.parse(
      JSON.stringify(served.components.schemas).replaceAll('#/components/schemas/', '#/$defs/'),
    ) as Record<string, unknown>;
    for (const name of Object.keys(defs)) {
      expect(() => ajv.compile({ $defs: defs, $ref: `#/$defs/${name}` }), name).not.toThrow();
    }
  });

  it('takes every response and request schema from the contract', () => {
    const idOf = (schema: unknown) => contractSchemas.get(schema as never)?.id;
    for (const spec of OPERATIONS) {
      const documented = served.paths[spec.path]?.[spec.method];
      expect(documented, spec.operationId).toBeDefined();
      expect(Object.keys(documented!.responses).sort(), spec.operationId).toEqual(
        Object.keys(spec.responses).sort(),
      );
      for (const [status, responseSpec] of Object.entries(spec.responses)) {
        const content = resolved(documented!.responses[status]!).content;
        if (problemResponseOf(responseSpec) !== undefined) {
          expect(content?.['application/problem+json']?.schema, `${spec.operationId} ${status}`).toEqual({
            $ref: '#/components/schemas/Problem',
          });
          continue;
        }
        const { body } = responseSpec as BodyResponse;
        const schema = content?.['application/json']?.schema;
        if (body === undefined) expect(content, `${spec.operationId} ${status}`).toBeUndefined();
        else if (idOf(body) === undefined)
          expect(schema?.type, `${spec.operationId} ${status}`).toBe('object');
        else
          expect(schema, `${spec.operationId} ${status}`).toEqual({
            $ref: `#/components/schemas/${idOf(body)}`,
          });
      }
      if (spec.body !== undefined)
        expect(documented!.requestBody?.content['application/json']?.schema).toEqual({
          $ref: `#/components/schemas/${idOf(spec.body)}`,
        });
    }
  });

  it('gives every documented operation a success response with a schema (or none, for 204)', () => {
    for (const { method, path, operation: op } of operations) {
      const successes = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      expect(successes.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const [status, documented] of successes) {
        const content = resolved(documented).content;
        expect(
          status === '204' || content?.['application/json']?.schema !== undefined,
          `${method} ${path}`,
        ).toBe(true);
      }
    }
  });
});

describe('the contract and the sidecar agree', () => {
  it('on the audit actions and the user paging bounds', () => {
    expect([...AUDIT_ACTIONS]).toEqual([...RECORDED_AUDIT_ACTIONS]);
    expect([USER_PAGE_MAX, USER_PAGE_DEFAULT_MAX]).toEqual([USER_SEARCH_MAX, USER_SEARCH_DEFAULT_MAX]);
  });
});
