// The create-secret form's rules: the domain's secret-policy functions, the same the sidecar applies.
import { z } from 'zod';
import {
  daysUntilDate,
  defaultSecretName,
  expiryBounds,
  validateExpiryDate,
  validateSecretName,
  validateSecretNotes,
} from '@credman/domain';
import type { ExpiryBounds, ExpiryPolicy } from '@credman/domain';

// zod 4 probes `new Function` to decide whether to compile parsers; under the sidecar's CSP (no 'unsafe-eval')
// the probe is reported as a violation even though zod catches it. Interpreted parsing is fast enough here.
z.config({ jitless: true });

export interface SecretFormValues {
  name: string;
  notes: string;
  expiresOn: string;
}

/** What the edit form changes of a live secret. */
export interface SecretEditValues {
  name: string;
  notes: string;
}

function domainRule(
  validate: (value: string) => { ok: true } | { ok: false; errors: { message: string }[] },
) {
  return z.string().superRefine((value, ctx) => {
    const result = validate(value);
    if (!result.ok)
      for (const error of result.errors) ctx.addIssue({ code: 'custom', message: error.message });
  });
}

/** The edit form's rules: the same name and notes rules as creation and the sidecar. */
export function secretEditSchema() {
  return z.object({ name: domainRule(validateSecretName), notes: domainRule(validateSecretNotes) });
}

/**
 * Used only until /api/me has answered with the server's own policy (zone, shorter maximum): the defaults
 * (UTC, one year). The server checks again either way and its field errors are shown.
 */
export const CONSOLE_EXPIRY_POLICY: ExpiryPolicy = {};

export function secretFormSchema(now: number, policy: ExpiryPolicy = CONSOLE_EXPIRY_POLICY) {
  return z.object({
    name: domainRule(validateSecretName),
    notes: domainRule(validateSecretNotes),
    expiresOn: domainRule((value) => validateExpiryDate(value, now, policy)),
  });
}

export function secretFormDefaults(fullName: string, bounds: ExpiryBounds): SecretFormValues {
  return { name: defaultSecretName(fullName), notes: '', expiresOn: bounds.default };
}

export function formBounds(now: number, policy: ExpiryPolicy = CONSOLE_EXPIRY_POLICY): ExpiryBounds {
  return expiryBounds(now, policy);
}

/** Below this many days a new secret's lifetime gets the advice about short lifetimes (never a refusal). */
export const SHORT_LIFETIME_DAYS = 90;

/**
 * Whole days from today (UTC, as the server counts) to a `YYYY-MM-DD` expiry date; undefined when it is no
 * calendar date (2027-02-30 is none: no lifetime advice for a day that does not exist).
 */
export function lifetimeDays(expiresOn: string, now: number): number | undefined {
  return daysUntilDate(expiresOn, now, 'UTC');
}
