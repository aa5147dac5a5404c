// Confirm deleting a secret. Wording is stronger when the deletion is likely to break something: the last
// live secret, or one used (or, when Keycloak did not say which secret a login used, possibly used) within the
// last day. A 409 secret-recently-used offers deleting anyway.
import { useId } from 'react';
import { Alert, Button, Content, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import { ApiProblem } from '../../api/client.ts';
import { useDeleteSecret } from '../../api/mutations.ts';
import { problemMessage } from '../../api/problem-message.ts';
import type { Secret } from '../../api/types.ts';
import { formatDateTime } from '../../components/format.ts';
import { isAmbiguousUse } from './last-use.ts';

const RECENT_USE_MS = 24 * 60 * 60 * 1000;

export function wasUsedRecently(secret: Secret, now: number): boolean {
  return secret.lastUsedAt !== undefined && now - Date.parse(secret.lastUsedAt) < RECENT_USE_MS;
}

export function DeleteSecretModal(props: {
  clientId: string;
  secret: Secret;
  isOnlyLiveSecret: boolean;
  onClose: () => void;
  /** After a successful deletion (the dialog is closed by the caller). */
  onDeleted: () => void;
}) {
  const { secret, isOnlyLiveSecret } = props;
  const titleId = useId();
  const deleteSecret = useDeleteSecret(props.clientId);
  const recentlyUsed = wasUsedRecently(secret, Date.now());
  const danger = isOnlyLiveSecret || recentlyUsed;
  const error = deleteSecret.error;
  const needsForce = error instanceof ApiProblem && error.code === 'secret-recently-used';

  const remove = (force: boolean) => {
    deleteSecret.mutate({ secretId: secret.id, force }, { onSuccess: props.onDeleted });
  };

  return (
    <Modal isOpen variant="small" aria-labelledby={titleId} onClose={props.onClose}>
      <ModalHeader
        title={`Delete secret "${secret.name}"?`}
        labelId={titleId}
        titleIconVariant={danger ? 'danger' : 'warning'}
      />
      <ModalBody>
        <Content component="p">
          The secret "{secret.name}" (starting with <code>{secret.hint}…</code>) stops working at once. This
          cannot be undone.
        </Content>
        {isOnlyLiveSecret ? (
          <Alert variant="danger" isInline component="h2" title="This is the application's only live secret">
            After deleting it, no system can get a token for this application until you create a new secret.
          </Alert>
        ) : null}
        {recentlyUsed && secret.lastUsedAt !== undefined ? (
          isAmbiguousUse(secret) ? (
            <Alert variant="danger" isInline component="h2" title="This secret may still be in use">
              An application login at {formatDateTime(secret.lastUsedAt)}, within the last 24 hours, used this
              secret or the other live one; Keycloak does not say which. Systems still using it will fail.
            </Alert>
          ) : (
            <Alert variant="danger" isInline component="h2" title="This secret is still in use">
              It was used {formatDateTime(secret.lastUsedAt)}, within the last 24 hours. Systems still using
              it will fail.
            </Alert>
          )
        ) : null}
        {error === null ? null : needsForce ? (
          <Alert variant="danger" isInline component="h2" title="The secret was used recently">
            {error.detail ?? 'Keycloak saw this secret in use within the last 24 hours.'} Delete it anyway
            only if your systems no longer use it.
          </Alert>
        ) : (
          <Alert variant="danger" isInline component="h2" title={problemMessage(error).title}>
            {problemMessage(error).body}
          </Alert>
        )}
      </ModalBody>
      <ModalFooter>
        {needsForce ? (
          <Button
            variant="danger"
            isLoading={deleteSecret.isPending}
            isDisabled={deleteSecret.isPending}
            onClick={() => {
              remove(true);
            }}
          >
            Delete anyway
          </Button>
        ) : (
          <Button
            variant="danger"
            isLoading={deleteSecret.isPending}
            isDisabled={deleteSecret.isPending}
            onClick={() => {
              remove(false);
            }}
          >
            Delete
          </Button>
        )}
        <Button variant="link" onClick={props.onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
