// The one and only time a secret's value is shown. Closing needs an explicit acknowledgement; the value is
// dropped together with this component.
import { useEffect, useId, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  ClipboardCopy,
  Content,
  ModalBody,
  ModalFooter,
  ModalHeader,
} from '@patternfly/react-core';

export interface RevealedSecret {
  name: string;
  hint: string;
  value: string;
}

export function SecretRevealPanel(props: { secret: RevealedSecret; titleId: string; onClose: () => void }) {
  const [stored, setStored] = useState(false);
  const checkboxId = useId();
  const valueRef = useRef<HTMLDivElement>(null);
  // The form that had focus is gone: move focus to the value, so keyboard and screen-reader users land on it.
  useEffect(() => {
    valueRef.current?.querySelector('input')?.focus();
  }, []);
  return (
    <>
      <ModalHeader title="Your new secret" labelId={props.titleId} titleIconVariant="success" />
      <ModalBody>
        <Alert
          variant="warning"
          isInline
          component="h2"
          title="Copy the secret now: it will never be shown again"
        >
          credman does not keep it. If you lose it, create a new secret.
        </Alert>
        <Content component="p">
          Secret "{props.secret.name}" was created. Store its value in your systems' secret store:
        </Content>
        <div ref={valueRef}>
          <ClipboardCopy
            isReadOnly
            className="credman-secret-value"
            hoverTip="Copy"
            clickTip="Copied"
            textAriaLabel="Secret value"
            toggleAriaLabel="Show the whole value"
          >
            {props.secret.value}
          </ClipboardCopy>
        </div>
        <Checkbox
          id={checkboxId}
          label="I have stored the secret"
          isChecked={stored}
          onChange={(_event, checked) => {
            setStored(checked);
          }}
        />
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" isDisabled={!stored} onClick={props.onClose}>
          Close
        </Button>
      </ModalFooter>
    </>
  );
}
