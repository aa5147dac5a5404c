// The footer of a dialog that holds a form: the submit button (busy while the request runs) and Cancel.
import { Button, ModalFooter } from '@patternfly/react-core';

export function FormModalFooter(props: {
  formId: string;
  label: string;
  isPending: boolean;
  onCancel: () => void;
}) {
  return (
    <ModalFooter>
      <Button
        variant="primary"
        type="submit"
        form={props.formId}
        isLoading={props.isPending}
        isDisabled={props.isPending}
      >
        {props.label}
      </Button>
      <Button variant="link" onClick={props.onCancel}>
        Cancel
      </Button>
    </ModalFooter>
  );
}
