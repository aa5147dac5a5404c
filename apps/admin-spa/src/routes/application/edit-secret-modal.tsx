// Edit a live secret's name and notes (docs/architecture.md#editing-secrets-and-applications). The secret itself
// does not change; every manager is told by mail. Server field errors go to their fields.
import { useId, useMemo } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Content, Form, Modal, ModalBody, ModalHeader } from '@patternfly/react-core';
import { ApiProblem } from '../../api/client.ts';
import { FormModalFooter } from '../../components/form-modal-footer.tsx';
import { useUpdateSecret } from '../../api/mutations.ts';
import { problemMessage } from '../../api/problem-message.ts';
import type { Secret } from '../../api/types.ts';
import { secretEditSchema } from './secret-form.ts';
import type { SecretEditValues } from './secret-form.ts';
import { SecretNameField } from './secret-form-fields.tsx';
import { SecretNotesField } from './secret-notes-field.tsx';

function isEditField(field: string): field is keyof SecretEditValues {
  return field === 'name' || field === 'notes';
}

export function EditSecretModal(props: { clientId: string; secret: Secret; onClose: () => void }) {
  const { secret } = props;
  const titleId = useId();
  const formId = useId();
  const schema = useMemo(() => secretEditSchema(), []);
  const { control, handleSubmit, setError } = useForm<SecretEditValues>({
    resolver: zodResolver(schema),
    defaultValues: { name: secret.name, notes: secret.notes ?? '' },
  });
  const update = useUpdateSecret(props.clientId);
  const send = (values: SecretEditValues) => {
    update.mutate(
      { secretId: secret.id, name: values.name.trim(), notes: values.notes.trim() },
      {
        onSuccess: props.onClose,
        onError: (error) => {
          const fields = error instanceof ApiProblem ? error.fields : [];
          for (const { field, message } of fields) if (isEditField(field)) setError(field, { message });
        },
      },
    );
  };
  const fieldErrorsOnly =
    update.error instanceof ApiProblem && update.error.fields.some((f) => isEditField(f.field));
  const message = update.error === null || fieldErrorsOnly ? undefined : problemMessage(update.error);

  return (
    <Modal isOpen variant="small" aria-labelledby={titleId} onClose={props.onClose}>
      <ModalHeader title={`Edit secret "${secret.name}"`} labelId={titleId} />
      <ModalBody>
        <Content component="p">
          The secret (starting with <code>{secret.hint}…</code>) keeps its value and expiry. The other
          managers are told about the change.
        </Content>
        {message === undefined ? null : (
          <Alert variant="danger" isInline isLiveRegion component="h2" title={message.title}>
            {message.body}
          </Alert>
        )}
        <Form id={formId} onSubmit={(event) => void handleSubmit(send)(event)}>
          <SecretNameField control={control} formId={formId} />
          <SecretNotesField control={control} formId={formId} />
        </Form>
      </ModalBody>
      <FormModalFooter formId={formId} label="Save" isPending={update.isPending} onCancel={props.onClose} />
    </Modal>
  );
}
