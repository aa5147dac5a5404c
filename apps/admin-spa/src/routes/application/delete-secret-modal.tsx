// Confirm deleting a secret. Wording is stronger when the deletion is likely to break something: the last
// live secret, or one used (or, when Keycloak did not say which secret a login used, possibly used) within the
// last day. A deletion the dialog warned about is one confirmed step: it is sent with force, so the server does
// not refuse it a second time. Only a use seen after the dialog opened needs "Delete anyway".
import { Content } from '@patternfly/react-core';
import { ConfirmModal } from '../../components/confirm-modal.tsx';
import { useDeleteSecret } from '../../api/mutations.ts';
import { isSecretGone } from '../../api/problem-message.ts';
import type { Secret } from '@credman/api-contract';
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
  /** The secret was deleted meanwhile by someone else (the dialog is closed by the caller). */
  onGone: () => void;
}) {
  const { secret, isOnlyLiveSecret } = props;
  const deleteSecret = useDeleteSecret(props.clientId);
  const recentlyUsed = wasUsedRecently(secret, Date.now());
  const error = deleteSecret.error;
  const refusedForUse = isRecentUseRefusal(error);
  const remove = () => {
    deleteSecret.mutate(
      { secretId: secret.id, force: recentlyUsed || refusedForUse },
      {
        onSuccess: props.onDeleted,
        onError: (failure) => {
          if (isSecretGone(failure)) props.onGone();
        },
      },
    );
  };

  return (
    <ConfirmModal
      title={`Delete secret "${secret.name}"?`}
      titleIconVariant={isOnlyLiveSecret || recentlyUsed ? 'danger' : 'warning'}
      confirmLabel={refusedForUse ? 'Delete anyway' : 'Delete'}
      isPending={deleteSecret.isPending}
      onConfirm={remove}
      onClose={props.onClose}
    >
      <Content component="p">
        The secret "{secret.name}" (starting with <code>{secret.hint}…</code>) stops working at once. This
        cannot be undone.
      </Content>
      {isOnlyLiveSecret ? <OnlyLiveSecretWarning /> : null}
      {recentlyUsed ? <RecentUseWarning secret={secret} /> : null}
      {error === null ? null : <DeleteError error={error} />}
    </ConfirmModal>
  );
}
