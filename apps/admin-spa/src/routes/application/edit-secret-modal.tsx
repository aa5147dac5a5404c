// Edit a live secret's name and notes (docs/architecture.md#editing-secrets-and-applications). The secret itself
// does not change; every manager is told by mail. Server field errors go to their fields.
import { useId, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Content, Form, Modal, ModalBody, ModalHeader } from '@patternfly/react-core';
import { ApiProblem } from '../../api/client.ts';
import { clearDraft, readDraft, saveDraft } from '../../components/drafts.ts';
import { FormModalFooter } from '../../components/form-modal-footer.tsx';
import { useCountAsOpenDialog } from '../../components/open-dialogs.ts';
import { INITIAL_FOCUS } from '../../components/initial-focus.ts';
import { useUpdateSecret } from '../../api/mutations.ts';
import { isSecretGone } from '../../api/problem-message.ts';
import { DialogProblemAlert } from '../../components/dialog-problem-alert.tsx';
import type { Secret } from '@credman/api-contract';
import { secretEditSchema } from './secret-form.ts';
import type { SecretEditValues } from './secret-form.ts';
import { SecretNameField } from './secret-form-fields.tsx';
import { SecretNotesField } from './secret-notes-field.tsx';

function isEditField(field: string): field is keyof SecretEditValues {
  return field === 'name' || field === 'notes';
}

interface EditSecretModalProps {
  clientId: string;
  secret: Secret;
  onClose: () => void;
  /** After a successful save, with the new name (the dialog is closed by the caller). */
  onSaved: (name: string) => void;
  /** The secret was deleted meanwhile (the dialog is closed by the caller). */
  onGone: () => void;
}

/** The form, its draft from before an ended session, and the save with its outcomes. */
function useEditSecretForm(props: EditSecretModalProps) {
  const { secret } = props;
  const schema = useMemo(() => secretEditSchema(), []);
  const draftKey = `edit:${props.clientId}:${secret.id}`;
  // What was typed before a session ended, if anything (components/drafts.ts).
  const [draft] = useState(() => readDraft(draftKey));
  const { control, handleSubmit, setError } = useForm<SecretEditValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: draft?.name ?? secret.name,
      notes: draft?.notes ?? secret.notes ?? '',
    },
  });
  const update = useUpdateSecret(props.clientId);
  const send = (values: SecretEditValues) => {
    update.mutate(
      { secretId: secret.id, name: values.name.trim(), notes: values.notes.trim() },
      {
        onSuccess: (saved) => {
          clearDraft(draftKey);
          props.onSaved(saved.name);
        },
        onError: (error) => {
          if (error instanceof ApiProblem && error.status === 401) saveDraft(draftKey, values);
          if (isSecretGone(error)) {
            clearDraft(draftKey);
            props.onGone();
            return;
          }
          const fields = error instanceof ApiProblem ? error.fields : [];
          for (const { field, message } of fields) if (isEditField(field)) setError(field, { message });
        },
      },
    );
  };
  const discard = () => {
    clearDraft(draftKey);
    props.onClose();
  };
  const fieldErrorsOnly =
    update.error instanceof ApiProblem && update.error.fields.some((f) => isEditField(f.field));
  const shownError = update.error === null || fieldErrorsOnly ? undefined : update.error;
  return { control, submit: handleSubmit(send), draft, shownError, discard, isPending: update.isPending };
}

export function EditSecretModal(props: EditSecretModalProps) {
  useCountAsOpenDialog();
  const { secret } = props;
  const titleId = useId();
  const formId = useId();
  const { control, submit, draft, shownError, discard, isPending } = useEditSecretForm(props);
  return (
    <Modal isOpen variant="small" aria-labelledby={titleId} onClose={discard} elementToFocus={INITIAL_FOCUS}>
      <ModalHeader title={`Edit secret "${secret.name}"`} labelId={titleId} />
      <ModalBody>
        <Content component="p">
          The secret (starting with <code>{secret.hint}…</code>) keeps its value and expiry. The other
          managers are told about the change.
        </Content>
        {draft === undefined ? null : (
          <Alert
            variant="info"
            isInline
            isPlain
            component="h2"
            title="Filled in with what you typed before your session ended"
          />
        )}
        {shownError === undefined ? null : <DialogProblemAlert error={shownError} />}
        <Form id={formId} onSubmit={(event) => void submit(event)}>
          <SecretNameField control={control} formId={formId} />
          <SecretNotesField control={control} formId={formId} />
        </Form>
      </ModalBody>
      <FormModalFooter formId={formId} label="Save" isPending={isPending} onCancel={discard} />
    </Modal>
  );
}
