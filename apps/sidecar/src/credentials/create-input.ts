// The domain rules a create-secret request must meet (docs/architecture.md#validation-and-errors). Pure.
import { validateExpiryDate, validateSecretName } from '@credman/domain';
import type { ExpiryPolicy } from '@credman/domain';
import { CredentialValidationError } from './errors.ts';

export interface CreateInputPolicy {
  zone: string;
  maxValidityDays?: number | undefined;
  /** Epoch milliseconds. */
  now: number;
}

/** The trimmed name and the expiry of a valid request; CredentialValidationError listing every bad field. */
export function validateCreateInput(input: { name: unknown; expiresOn: unknown }, policy: CreateInputPolicy) {
  const fields: CredentialValidationError['fields'] = [];
  const name = typeof input.name === 'string' ? validateSecretName(input.name) : undefined;
  if (!name) fields.push({ field: 'name', reason: 'required', message: 'A name is required' });
  else if (!name.ok)
    fields.push(...name.errors.map((e) => ({ field: 'name', reason: e.reason, message: e.message })));
  const expiryPolicy: ExpiryPolicy = {
    zone: policy.zone,
    ...(policy.maxValidityDays !== undefined ? { maxValidityDays: policy.maxValidityDays } : {}),
  };
  const expiry =
    typeof input.expiresOn === 'string'
      ? validateExpiryDate(input.expiresOn, policy.now, expiryPolicy)
      : undefined;
  if (!expiry) fields.push({ field: 'expiresOn', reason: 'required', message: 'An expiry date is required' });
  else if (!expiry.ok)
    fields.push(...expiry.errors.map((e) => ({ field: 'expiresOn', reason: e.reason, message: e.message })));
  if (!name?.ok || !expiry?.ok || fields.length > 0) throw new CredentialValidationError(fields);
  return { name: name.value, expiry: expiry.value };
}
