// Create a secret: a form (name, notes, expiry date) and, once created, the one-time reveal of its value. The value
// is held in this component's state only and disappears with it.
import { useId, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { UseFormSetError } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Form, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import { ApiProblem } from '../../api/client.ts';
import { useCreateSecret } from '../../api/mutations.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DialogProblemAlert } from '../../components/dialog-problem-alert.tsx';
import { clearDraft, readDraft, saveDraft } from '../../components/drafts.ts';
import { INITIAL_FOCUS } from '../../components/initial-focus.ts';
import { useCountAsOpenDialog } from '../../components/open-dialogs.ts';
import { formBounds, secretFormDefaults, secretFormSchema } from './secret-form.ts';
import type { SecretFormValues } from './secret-form.ts';
import { ExpiryField, SecretNameField } from './secret-form-fields.tsx';
import { SecretNotesField } from './secret-notes-field.tsx';
import { SecretRevealPanel } from './secret-reveal-panel.tsx';
import type { RevealedSecret } from './secret-reveal-panel.tsx';

const FORM_FIELDS = ['name', 'notes', 'expiresOn'] as const;

const createDraftKey = (clientId: string) => `create:${clientId}`;

/** The typed fields of a kept draft; anything else it holds is ignored. */
function draftValues(draft: Record<string, string> | undefined): Partial<SecretFormValues> {
  if (draft === undefined) return {};
  return Object.fromEntries(
    FORM_FIELDS.flatMap((field) => (draft[field] === undefined ? [] : [[field, draft[field]]])),
  );
}

function isFormField(field: string): field is (typeof FORM_FIELDS)[number] {
  return (FORM_FIELDS as readonly string[]).includes(field);
}

export function CreateSecretModal({ clientId, onClose }: { clientId: string; onClose: () => void }) {
  useCountAsOpenDialog();
  const [revealed, setRevealed] = useState<RevealedSecret | undefined>(undefined);
  const titleId = useId();
  return (
    <Modal
      isOpen
      variant="medium"
      aria-labelledby={titleId}
      // Until the value is acknowledged the modal cannot be dismissed (no close button, Escape ignored).
      onClose={revealed === undefined ? onClose : undefined}
      onEscapePress={revealed === undefined ? onClose : () => undefined}
      elementToFocus={INITIAL_FOCUS}
    >
      {revealed === undefined ? (
        <CreateSecretForm clientId={clientId} titleId={titleId} onCancel={onClose} onCreated={setRevealed} />
      ) : (
        <SecretRevealPanel secret={revealed} titleId={titleId} onClose={onClose} />
      )}
    </Modal>
  );
}

interface CreateSecretFormProps {
  clientId: string;
  titleId: string;
  onCancel: () => void;
  onCreated: (secret: RevealedSecret) => void;
}

/** Sends the form; the server's field reasons go to their fields, anything else to the form's alert. */
function useSubmitSecret(props: CreateSecretFormProps, setError: UseFormSetError<SecretFormValues>) {
  const createSecret = useCreateSecret(props.clientId);
  const [formError, setFormError] = useState<unknown>(undefined);
  const send = (values: SecretFormValues) => {
    setFormError(undefined);
    createSecret.mutate(
      {
        name: values.name.trim(),
        expiresOn: values.expiresOn,
        ...(values.notes.trim() === '' ? {} : { notes: values.notes.trim() }),
      },
      {
        onSuccess: (created) => {
          clearDraft(createDraftKey(props.clientId));
          props.onCreated({ name: created.secret.name, hint: created.secret.hint, value: created.value });
          // Detach from the mutation so it (and the value in its result) is garbage-collected now (gcTime 0).
          createSecret.reset();
        },
        onError: (error) => {
          if (error instanceof ApiProblem && error.status === 401)
            saveDraft(createDraftKey(props.clientId), values);
          const fieldErrors = error instanceof ApiProblem ? error.fields : [];
          let shown = 0;
          for (const { field, message } of fieldErrors)
            if (isFormField(field)) {
              setError(field, { message });
              shown++;
            }
          if (shown === 0) setFormError(error);
        },
      },
    );
  };
  return { send, isPending: createSecret.isPending, formError };
}

function CreateSecretForm(props: CreateSecretFormProps) {
  const { user } = useAuth();
  const formId = useId();
  // Fixed when the form opens, so the bounds do not shift under the user while typing.
  const [now] = useState(() => Date.now());
  // The server's policy (its zone, a shorter maximum) so the picker offers exactly what it will accept.
  const policy = user?.expiryPolicy;
  const bounds = useMemo(() => formBounds(now, policy), [now, policy]);
  const schema = useMemo(() => secretFormSchema(now, policy), [now, policy]);
  // What was typed before a session ended, if anything (components/drafts.ts).
  const [draft] = useState(() => readDraft(createDraftKey(props.clientId)));
  const { control, handleSubmit, setError, formState } = useForm<SecretFormValues>({
    resolver: zodResolver(schema),
    defaultValues: { ...secretFormDefaults(user?.name ?? '', bounds), ...draftValues(draft) },
  });
  const { send, isPending, formError } = useSubmitSecret(props, setError);

  return (
    <>
      <ModalHeader title="Create a secret" labelId={props.titleId} />
      <ModalBody>
        {formError === undefined ? null : (
          <DialogProblemAlert error={formError} className="credman-section" />
        )}
        <Form id={formId} onSubmit={(event) => void handleSubmit(send)(event)}>
          <SecretNameField control={control} formId={formId} />
          <SecretNotesField control={control} formId={formId} />
          <ExpiryField control={control} formId={formId} bounds={bounds} now={now} />
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          variant="primary"
          type="submit"
          form={formId}
          isLoading={isPending}
          isDisabled={isPending || formState.isSubmitting}
        >
          Create
        </Button>
        <Button
          variant="link"
          onClick={() => {
            clearDraft(createDraftKey(props.clientId));
            props.onCancel();
          }}
        >
          Cancel
        </Button>
      </ModalFooter>
    </>
  );
}
