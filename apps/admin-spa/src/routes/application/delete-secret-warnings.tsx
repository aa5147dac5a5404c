// What the delete dialog warns about before the user confirms (the last live secret, a secret used or possibly
// used within the last day) and, in the console's own words, why a deletion failed.
import { Alert } from '@patternfly/react-core';
import { ApiProblem } from '../../api/client.ts';
import { problemMessage } from '../../api/problem-message.ts';
import type { Secret } from '@credman/api-contract';
import { formatDateTime } from '../../components/format.ts';
import { isAmbiguousUse } from './last-use.ts';

const RECENT_USE_MS = 24 * 60 * 60 * 1000;

export function wasUsedRecently(secret: Secret, now: number): boolean {
  return secret.lastUsedAt !== undefined && now - Date.parse(secret.lastUsedAt) < RECENT_USE_MS;
}

/** The server refused because Keycloak saw the secret in use after the dialog was opened. */
export function isRecentUseRefusal(error: unknown): boolean {
  return error instanceof ApiProblem && error.code === 'secret-recently-used';
}

export function OnlyLiveSecretWarning() {
  return (
    <Alert variant="danger" isInline component="h2" title="This is the application's only live secret">
      After deleting it, no system can get a token for this application until you create a new secret.
    </Alert>
  );
}

export function RecentUseWarning({ secret }: { secret: Secret }) {
  if (secret.lastUsedAt === undefined) return null;
  return isAmbiguousUse(secret) ? (
    <Alert variant="danger" isInline component="h2" title="This secret may still be in use">
      An application login at {formatDateTime(secret.lastUsedAt)}, within the last 24 hours, used this secret
      or the other live one; Keycloak does not say which. Systems still using it will fail.
    </Alert>
  ) : (
    <Alert variant="danger" isInline component="h2" title="This secret is still in use">
      It was used {formatDateTime(secret.lastUsedAt)}, within the last 24 hours. Systems still using it will
      fail.
    </Alert>
  );
}

/** Never the API's own wording: it speaks of request parameters the user has never seen. */
export function DeleteError({ error }: { error: unknown }) {
  if (isRecentUseRefusal(error))
    return (
      <Alert variant="danger" isInline component="h2" title="The secret was used recently">
        Keycloak saw this secret in use within the last 24 hours. Delete it anyway only if your systems no
        longer use it.
      </Alert>
    );
  const { title, body } = problemMessage(error);
  return (
    <Alert variant="danger" isInline component="h2" title={title}>
      {body}
    </Alert>
  );
}
