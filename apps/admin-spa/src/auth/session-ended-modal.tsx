// Shown when the API says the session has ended (a logout in another tab, or an expired login): instead of
// jumping to the login page, the console says so and the user logs in again when ready. The page stays as it was
// underneath; a dialog's typed input is also kept in this tab (components/drafts.ts) for after the login.
import { useId } from 'react';
import { Button, Content, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';

export function SessionEndedModal({ onLogin }: { onLogin: () => void }) {
  const titleId = useId();
  return (
    <Modal isOpen variant="small" aria-labelledby={titleId} elementToFocus="#credman-log-in-again">
      <ModalHeader title="Your session has ended" labelId={titleId} titleIconVariant="warning" />
      <ModalBody>
        <Content component="p">
          You logged out in another tab, or your login expired. Nothing was changed. What you typed in a
          dialog is kept and is filled in again when you open the dialog after logging in.
        </Content>
      </ModalBody>
      <ModalFooter>
        <Button id="credman-log-in-again" variant="primary" onClick={onLogin}>
          Log in again
        </Button>
      </ModalFooter>
    </Modal>
  );
}
