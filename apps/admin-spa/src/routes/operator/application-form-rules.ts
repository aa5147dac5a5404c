// The operator's application form under react-hook-form: the domain rules of application-draft.ts as its
// resolver, the request it sends, and the server's field reasons mapped back to the form's fields.
import type { FieldErrors, Resolver } from 'react-hook-form';
import { ApiProblem } from '../../api/client.ts';
import type { CreateApplicationRequest } from '@credman/api-contract';
import { draftErrors, draftFieldOf } from './application-draft.ts';
import type { ApplicationDraft, DraftErrors } from './application-draft.ts';

/** Every domain reason against a field is kept (criteriaMode 'all'), not only the first. */
export const draftResolver: Resolver<ApplicationDraft> = (values) => {
  const reasons = draftErrors(values);
  const errors: FieldErrors<ApplicationDraft> = {};
  for (const [field, messages] of Object.entries(reasons)) {
    const [message] = messages;
    // draftErrors names a field only with a reason.
    if (message === undefined) continue;
    const types = Object.fromEntries(messages.map((text, index) => [`domain-${String(index)}`, text]));
    errors[field as keyof ApplicationDraft] = { type: 'domain', message, types };
  }
  return Object.keys(errors).length === 0 ? { values, errors: {} } : { values: {}, errors };
};

/** The reasons react-hook-form holds for one field, in order. */
export function errorMessages(error: { message?: string; types?: object } | undefined): string[] {
  if (error === undefined) return [];
  const types = Object.values(error.types ?? {}).filter(
    (value): value is string => typeof value === 'string',
  );
  if (types.length > 0) return types;
  return error.message === undefined ? [] : [error.message];
}

export function toRequest(draft: ApplicationDraft): CreateApplicationRequest {
  const description = draft.description.trim();
  return {
    kind: draft.kind,
    country: draft.country,
    organisation: draft.organisation,
    api: draft.api,
    permissions: draft.permissions,
    ...(description === '' ? {} : { description }),
  };
}

/** Field errors the server gave, by form field; anything it names that the form has no field for is dropped. */
export function serverFieldErrors(error: unknown): DraftErrors {
  const errors: DraftErrors = {};
  if (!(error instanceof ApiProblem)) return errors;
  for (const field of error.fields) {
    const target = draftFieldOf(field.field);
    if (target !== undefined) (errors[target] ??= []).push(field.message);
  }
  return errors;
}
