// The one and only time a secret's value is shown. Closing needs an explicit acknowledgement; the value is
// dropped together with this component. The value is shown whole (it wraps, a phone included), so its start can
// be checked against the hint the table shows later.
import { useEffect, useId, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Content,
  Flex,
  FlexItem,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextArea,
} from '@patternfly/react-core';
import { CopyButton } from '../../components/copy-button.tsx';

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
    valueRef.current?.querySelector('textarea')?.focus();
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
        <div ref={valueRef} className="credman-section">
          <Flex flexWrap={{ default: 'nowrap' }} alignItems={{ default: 'alignItemsFlexStart' }}>
            <FlexItem grow={{ default: 'grow' }}>
              <TextArea
                readOnlyVariant="default"
                aria-label="Secret value"
                value={props.secret.value}
                autoResize
                rows={1}
                resizeOrientation="vertical"
                className="credman-secret-value"
              />
            </FlexItem>
            <FlexItem>
              <CopyButton text={props.secret.value} label="Copy the secret value" />
            </FlexItem>
          </Flex>
        </div>
        <Content component="p">
          It starts with <code>{props.secret.hint}…</code>, as the list of secrets will show it.
        </Content>
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
