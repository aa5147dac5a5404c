// Confirm removing a direct credential manager; says when the application would be left with fewer than two.
import { useId } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Content, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import type { Manager } from '../../api/types.ts';
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
  const titleId = useId();
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
    <Modal isOpen variant="small" aria-labelledby={titleId} onClose={props.onClose}>
      <ModalHeader
        title={`Remove ${manager.name} as credential manager?`}
        labelId={titleId}
        titleIconVariant="warning"
      />
      <ModalBody>
        <Content component="p">
          {manager.name} ({manager.username}) can no longer see or rotate the secrets of {clientId}.
          {left < 2 ? ` Afterwards ${left === 0 ? 'nobody' : 'only one person'} can rotate them.` : ''}
        </Content>
        {remove.isError ? (
          <Alert variant="danger" isInline component="h2" title="The manager was not removed">
            {errorMessage(remove.error)}
          </Alert>
        ) : null}
      </ModalBody>
      <ModalFooter>
        <Button
          variant="danger"
          isLoading={remove.isPending}
          isDisabled={remove.isPending}
          onClick={() => {
            remove.mutate();
          }}
        >
          Remove
        </Button>
        <Button variant="link" onClick={props.onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
