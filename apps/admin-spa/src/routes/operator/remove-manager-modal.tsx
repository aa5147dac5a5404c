// Confirm removing a direct credential manager; says when the application would be left with fewer than two.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Content } from '@patternfly/react-core';
import { ConfirmModal } from '../../components/confirm-modal.tsx';
import type { Manager } from '@credman/api-contract';
import { removeManager } from './api.ts';
import { errorMessage } from './error-message.ts';
import { updateAfterChange } from './manager-changes.ts';

export function RemoveManagerModal(props: {
  clientId: string;
  manager: Manager;
  managerCount: number;
  onClose: () => void;
  onRemoved: (manager: Manager) => void;
}) {
  const { clientId, manager } = props;
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => removeManager(clientId, manager.id),
    onSuccess: async (result) => {
      await updateAfterChange(queryClient, clientId, result);
      props.onRemoved(manager);
    },
  });
  const left = props.managerCount - 1;
  return (
    <ConfirmModal
      title={`Remove ${manager.name} as credential manager?`}
      titleIconVariant="warning"
      confirmLabel="Remove"
      isPending={remove.isPending}
      onConfirm={() => {
        remove.mutate();
      }}
      onClose={props.onClose}
    >
      <Content component="p">
        {manager.name} ({manager.username}) can no longer see or rotate the secrets of {clientId}.
        {left < 2 ? ` Afterwards ${left === 0 ? 'nobody' : 'only one person'} can rotate them.` : ''}
      </Content>
      {remove.isError ? (
        <Alert variant="danger" isInline component="h2" title="The manager was not removed">
          {errorMessage(remove.error)}
        </Alert>
      ) : null}
    </ConfirmModal>
  );
}
