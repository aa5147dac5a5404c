// Request validation at the HTTP boundary: a zod schema per body/query/params, failures as one
// `validation-failed` problem with a field error per issue. Messages come from the schemas, never the input.
import type { FieldError } from '@credman/domain';
import type { Request } from 'express';
import type { z } from 'zod';
import { validationFailed } from './problems.ts';

/** The value at `path` in the validated input (zod does not keep inputs in its issues). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function reasonOf(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined ? 'required' : 'invalid-type';
    case 'too_small':
      return issue.origin === 'string' ? 'too-short' : 'too-small';
    case 'too_big':
      return issue.origin === 'string' ? 'too-long' : 'too-large';
    case 'invalid_format':
      return 'invalid-format';
    case 'unrecognized_keys':
      return 'unknown-field';
    case 'invalid_value':
      return 'invalid-value';
    case 'custom': {
      // Schemas may name a domain reason: .refine(fn, { params: { reason: 'not-a-country' } }).
      const reason: unknown = issue.params?.reason;
      return typeof reason === 'string' ? reason : 'invalid';
    }
    default:
      return 'invalid';
  }
}

/** zod issues of parsing `input` → credman field errors (`parts.country` style paths). */
export function fieldErrorsOf(error: z.ZodError, input: unknown): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: base === '' ? key : `${base}.${key}`,
        reason: 'unknown-field',
        message: 'This field is not allowed.',
      }));
    }
    return [{ field: base, reason: reasonOf(issue, input), message: issue.message }];
  });
}

function parsePart<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(fieldErrorsOf(result.error, value));
  return result.data;
}

/** The validated JSON body, or a thrown 400 `validation-failed`. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  return parsePart(schema, req.body);
}

/** The validated query string (Express 5's req.query is read-only, so the result is returned, not assigned). */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  return parsePart(schema, req.query);
}

export function parseParams<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  return parsePart(schema, req.params);
}
