import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from './problems.ts';
import { parseBody, parseParams, parseQuery } from './validation.ts';

const createSecret = z
  .object({
    name: z.string().trim().min(1, 'Enter a name.').max(64, 'At most 64 characters.'),
    expiresOn: z.iso.date('Use YYYY-MM-DD.'),
    kind: z.enum(['a', 'b']).optional(),
    count: z.number().int().min(1).max(2).optional(),
    parts: z
      .object({
        country: z.string().refine((value) => value === 'DE', {
          message: 'Unknown country.',
          params: { reason: 'not-a-country' },
        }),
      })
      .optional(),
  })
  .strict();

function failure(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

const req = (part: Partial<Pick<Request, 'body' | 'query' | 'params'>>) => part as Request;

describe('request validation', () => {
  it('given a valid body, then the parsed value is returned', () => {
    expect(parseBody(createSecret, req({ body: { name: ' Main ', expiresOn: '2027-01-31' } }))).toEqual({
      name: 'Main',
      expiresOn: '2027-01-31',
    });
  });

  it('given invalid fields, then one validation-failed problem lists a field error per issue', () => {
    const error = failure(() =>
      parseBody(
        createSecret,
        req({
          body: {
            name: 'x'.repeat(65),
            expiresOn: '31.01.2027',
            kind: 'c',
            count: 5,
            parts: { country: 'XX' },
            extra: 1,
          },
        }),
      ),
    );
    expect(error.code).toBe('validation-failed');
    expect(error.status).toBe(400);
    expect(error.fieldErrors).toEqual(
      expect.arrayContaining([
        { field: 'name', reason: 'too-long', message: 'At most 64 characters.' },
        { field: 'expiresOn', reason: 'invalid-format', message: 'Use YYYY-MM-DD.' },
        expect.objectContaining({ field: 'kind', reason: 'invalid-value' }),
        expect.objectContaining({ field: 'count', reason: 'too-large' }),
        { field: 'parts.country', reason: 'not-a-country', message: 'Unknown country.' },
        { field: 'extra', reason: 'unknown-field', message: 'This field is not allowed.' },
      ]),
    );
    expect(error.fieldErrors).toHaveLength(6);
  });

  it('given missing or mistyped fields, then reasons say required / invalid-type / too-short', () => {
    const error = failure(() => parseBody(createSecret, req({ body: { name: '  ', expiresOn: 20270131 } })));
    expect(error.fieldErrors).toEqual([
      { field: 'name', reason: 'too-short', message: 'Enter a name.' },
      expect.objectContaining({ field: 'expiresOn', reason: 'invalid-type' }),
    ]);
    const missing = failure(() => parseBody(createSecret, req({ body: {} })));
    expect(missing.fieldErrors.map((fieldError) => [fieldError.field, fieldError.reason])).toEqual([
      ['name', 'required'],
      ['expiresOn', 'required'],
    ]);
  });

  it('given no body at all, then the root is reported', () => {
    const error = failure(() => parseBody(createSecret, req({ body: undefined })));
    expect(error.fieldErrors).toEqual([expect.objectContaining({ field: '', reason: 'required' })]);
  });

  it('never echoes the submitted value in messages', () => {
    const error = failure(() =>
      parseBody(createSecret, req({ body: { name: 'secret-looking-value'.repeat(4), expiresOn: 'x' } })),
    );
    expect(JSON.stringify(error.toProblem())).not.toContain('secret-looking-value');
  });

  it('validates query and params too', () => {
    const page = z.object({ first: z.coerce.number().int().min(0).default(0) });
    expect(parseQuery(page, req({ query: { first: '5' } }))).toEqual({ first: 5 });
    expect(failure(() => parseQuery(page, req({ query: { first: '-1' } }))).fieldErrors[0]).toMatchObject({
      field: 'first',
      reason: 'too-small',
    });
    const params = z.object({ clientId: z.string().max(3) });
    expect(
      failure(() => parseParams(params, req({ params: { clientId: 'abcd' } }))).fieldErrors[0],
    ).toMatchObject({
      field: 'clientId',
      reason: 'too-long',
    });
  });
});
