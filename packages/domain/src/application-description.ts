// An application's description: free text an operator types and managers, the console and mails show, so it
// follows the rules of every displayed text (display-text.ts, docs/architecture.md#validation-and-errors).
import { cleanDisplayText, displayTextMessage, type DisplayTextProblem } from './display-text.ts';
import { fail, ok, type DomainError, type Result } from './result.ts';

/**
 * Longer than a secret's name (a sentence about the partner), well inside the 255 characters Keycloak keeps
 * for a client's description.
 */
export const APPLICATION_DESCRIPTION_MAX_LENGTH = 200;

export type DescriptionErrorReason = 'too-long' | DisplayTextProblem;

export interface DescriptionError extends DomainError {
  reason: DescriptionErrorReason;
}

/** The clean description, or undefined when it is empty after cleaning (no description). */
export function validateApplicationDescription(raw: string): Result<string | undefined, DescriptionError> {
  const { value, problems } = cleanDisplayText(raw);
  const errors: DescriptionError[] = problems.map((reason) => ({
    reason,
    message: displayTextMessage(reason, 'The description'),
  }));
  if (Array.from(value).length > APPLICATION_DESCRIPTION_MAX_LENGTH)
    errors.push({
      reason: 'too-long',
      message: `The description may be at most ${APPLICATION_DESCRIPTION_MAX_LENGTH} characters long.`,
    });
  if (errors.length > 0) return fail(errors);
  return ok(value === '' ? undefined : value);
}
