// Confirm deleting a secret. Wording is stronger when the deletion is likely to break something: the last
// live secret, or one used (or, when Keycloak did not say which secret a login used, possibly used) within the
// last day. A deletion the dialog warned about is one confirmed step: it is sent with force, so the server does
// not refuse it a second time. Only a use seen after the dialog opened needs "Delete anyway".
import { useId } from 'react';
import { Button, Content, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import { useDeleteSecret } from '../../api/mutations.ts';
import type { Secret } from '../../api/types.ts';
import {
  DeleteError,
  OnlyLiveSecretWarning,
  RecentUseWarning,
  isRecentUseRefusal,
  wasUsedRecently,
} from './delete-secret-warnings.tsx';

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
  const error = deleteSecret.error;
  const refusedForUse = isRecentUseRefusal(error);
  const remove = () => {
    deleteSecret.mutate(
      { secretId: secret.id, force: recentlyUsed || refusedForUse },
      { onSuccess: props.onDeleted },
    );
  };

  return (
    <Modal isOpen variant="small" aria-labelledby={titleId} onClose={props.onClose}>
      <ModalHeader
        title={`Delete secret "${secret.name}"?`}
        labelId={titleId}
        titleIconVariant={isOnlyLiveSecret || recentlyUsed ? 'danger' : 'warning'}
      />
      <ModalBody>
        <Content component="p">
          The secret "{secret.name}" (starting with <code>{secret.hint}…</code>) stops working at once. This
          cannot be undone.
        </Content>
        {isOnlyLiveSecret ? <OnlyLiveSecretWarning /> : null}
        {recentlyUsed ? <RecentUseWarning secret={secret} /> : null}
        {error === null ? null : <DeleteError error={error} />}
      </ModalBody>
      <ModalFooter>
        <Button
          variant="danger"
          isLoading={deleteSecret.isPending}
          isDisabled={deleteSecret.isPending}
          onClick={remove}
        >
          {refusedForUse ? 'Delete anyway' : 'Delete'}
        </Button>
        <Button variant="link" onClick={props.onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
