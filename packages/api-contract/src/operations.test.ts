import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.ts';
import { OPERATIONS, findOperation, problemResponseOf } from './operations.ts';

describe('operations', () => {
  it('have unique operation ids and one operation per method and path', () => {
    expect(new Set(OPERATIONS.map(({ operationId }) => operationId)).size).toBe(OPERATIONS.length);
    expect(new Set(OPERATIONS.map(({ method, path }) => `${method} ${path}`)).size).toBe(OPERATIONS.length);
  });

  it('find the operation a request reaches, by method and path template', () => {
    expect(findOperation('GET', '/api/applications/Partner-NL-Acme-DM')?.operationId).toBe('getApplication');
    expect(findOperation('delete', '/api/applications/A/secrets/s-1')?.operationId).toBe('deleteSecret');
    expect(findOperation('GET', '/api/applications/A/secrets/s-1')).toBeUndefined();
    expect(findOperation('GET', '/api/applications/A/B/audit')).toBeUndefined();
  });

  it('answer every success with a body schema (or none), never with a problem', () => {
    for (const { operationId, responses } of OPERATIONS)
      for (const [status, spec] of Object.entries(responses))
        if (Number(status) < 400) expect(problemResponseOf(spec), `${operationId} ${status}`).toBeUndefined();
  });
});

describe('openApiDocument', () => {
  it('carries the descriptions of named schemas', () => {
    const schemas = openApiDocument().components.schemas;
    expect(schemas.Secret?.description).toBe('Metadata of a secret. The value is never part of it.');
    expect(schemas.Problem?.description).toMatch(/RFC 9457/);
  });

  it('is the same document each time it is built', () => {
    expect(JSON.stringify(openApiDocument())).toBe(JSON.stringify(openApiDocument()));
  });

  it('documents the domain rules of request fields next to the shape the sidecar checks', () => {
    const schemas = openApiDocument().components.schemas;
    expect(schemas.CreateSecret?.properties?.name).toMatchObject({ minLength: 1, maxLength: 64 });
    expect(schemas.CreateApplication?.description).toMatch(/domain reason/);
    expect(schemas.CreateApplication?.properties?.kind).toMatchObject({
      enum: ['Partner', 'PartnerAlternative'],
    });
  });
});
