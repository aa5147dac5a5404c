// One sentence for a failed operator action, shown under the action's own alert title: the server's field
// reasons or its detail when it gave them (e.g. `email-not-verified`, `already-exists`), else the console's
// common wording, which for 429 and 503 carries the retry hint.
import { ApiProblem } from '../../api/client.ts';
import { problemMessage } from '../../api/problem-message.ts';

const RETRYABLE_STATUSES = [429, 503];

export function errorMessage(error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.fields.length > 0) return error.fields.map((field) => field.message).join(' ');
    if (error.detail !== undefined && !RETRYABLE_STATUSES.includes(error.status)) return error.detail;
  }
  const { title, body } = problemMessage(error);
  if (body === '') return title;
  return `${title}. ${body}`;
}
