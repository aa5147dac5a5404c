// A small dialog that asks before an action that cannot be undone: the title, what will happen (children), a
// danger button that shows progress while the action runs, and Cancel.
import { useId } from 'react';
import type { ReactNode } from 'react';
import { Button, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import { INITIAL_FOCUS, initialFocus } from './initial-focus.ts';
import { useCountAsOpenDialog } from './open-dialogs.ts';

export function ConfirmModal(props: {
  title: string;
  titleIconVariant: 'warning' | 'danger';
  confirmLabel: string;
  isPending: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  useCountAsOpenDialog();
  const titleId = useId();
  return (
    <Modal
      isOpen
      variant="small"
      aria-labelledby={titleId}
      onClose={props.onClose}
      elementToFocus={INITIAL_FOCUS}
    >
      <ModalHeader title={props.title} labelId={titleId} titleIconVariant={props.titleIconVariant} />
      <ModalBody>{props.children}</ModalBody>
      <ModalFooter>
        <Button
          variant="danger"
          isLoading={props.isPending}
          isDisabled={props.isPending}
          onClick={props.onConfirm}
        >
          {props.confirmLabel}
        </Button>
        {/* The harmless choice has the focus first, so a stray Enter or Space deletes nothing. */}
        <Button variant="link" onClick={props.onClose} {...initialFocus}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
