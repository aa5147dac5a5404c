// Turns any error from the API into a title and a sentence for people. Codes, not titles, drive the wording.
import { ApiProblem } from './client.ts';

export interface ProblemMessage {
  title: string;
  body: string;
}

export function retryHint(seconds: number | undefined): string {
  return seconds === undefined ? 'Try again in a moment.' : `Try again in ${seconds} s.`;
}

/** The secret acted on is no longer live: someone deleted it (or it ended) after this page was loaded. */
export function isSecretGone(error: unknown): boolean {
  return error instanceof ApiProblem && error.code === 'secret-not-found';
}

export function problemMessage(error: unknown): ProblemMessage {
  if (!(error instanceof ApiProblem)) {
    return {
      title: 'The server could not be reached',
      body: 'Check your connection and try again.',
    };
  }
  switch (error.status) {
    case 401:
      return {
        title: 'Your session has ended',
        body: 'Log in again to continue: what you typed in this dialog is kept.',
      };
    case 403:
      return error.code === 'mfa-required'
        ? {
            title: 'Multi-factor login required',
            body: 'Log out and log in again with your second factor.',
          }
        : { title: error.title, body: error.detail ?? 'You may not do this.' };
    case 404:
      if (error.code === 'secret-not-found')
        return {
          title: 'This secret no longer exists',
          body: 'It was deleted after this page was loaded. The list of secrets is refreshed.',
        };
      return {
        title: 'Application not found or not yours',
        body: 'It may have been removed, or you are not one of its credential managers.',
      };
    case 409:
      return error.code === 'metadata-damaged'
        ? {
            title: "This application's credman records are damaged",
            body: `${error.detail ?? 'A credman attribute of the application cannot be read.'} Until then its secrets cannot be shown or changed, and it gets no reminders. Operators repair or remove the attribute in Keycloak's admin console; anyone else, tell an operator.`,
          }
        : { title: error.title, body: error.detail ?? '' };
    case 429:
      return { title: 'Too many changes', body: retryHint(error.retryAfterSeconds) };
    case 503:
      // The title says what is wrong; the body only when to retry (it repeated the title before).
      return { title: 'Keycloak is unavailable', body: retryHint(error.retryAfterSeconds) };
    default:
      return { title: error.title, body: error.detail ?? '' };
  }
}
