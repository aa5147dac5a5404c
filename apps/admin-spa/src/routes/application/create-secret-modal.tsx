// Create a secret: a form (name, expiry date) and, once created, the one-time reveal of its value. The value
// is held in this component's state only and disappears with it.
import { useId, useMemo, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  DatePicker,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
} from '@patternfly/react-core';
import { ApiProblem } from '../../api/client.ts';
import { useCreateSecret } from '../../api/mutations.ts';
import { problemMessage } from '../../api/problem-message.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { formBounds, secretFormDefaults, secretFormSchema } from './secret-form.ts';
import type { SecretFormValues } from './secret-form.ts';
import { SecretRevealPanel } from './secret-reveal-panel.tsx';
import type { RevealedSecret } from './secret-reveal-panel.tsx';

const FORM_FIELDS = ['name', 'expiresOn'] as const;

function isFormField(field: string): field is (typeof FORM_FIELDS)[number] {
  return (FORM_FIELDS as readonly string[]).includes(field);
}

/** A calendar date `YYYY-MM-DD` of a local Date, as the date picker hands them over. */
function isoDateOf(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${String(date.getFullYear())}-${month}-${day}`;
}

export function CreateSecretModal({ clientId, onClose }: { clientId: string; onClose: () => void }) {
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
    >
      {revealed === undefined ? (
        <CreateSecretForm clientId={clientId} titleId={titleId} onCancel={onClose} onCreated={setRevealed} />
      ) : (
        <SecretRevealPanel secret={revealed} titleId={titleId} onClose={onClose} />
      )}
    </Modal>
  );
}

function CreateSecretForm(props: {
  clientId: string;
  titleId: string;
  onCancel: () => void;
  onCreated: (secret: RevealedSecret) => void;
}) {
  const { user } = useAuth();
  const formId = useId();
  // Fixed when the form opens, so the bounds do not shift under the user while typing.
  const [now] = useState(() => Date.now());
  // The server's policy (its zone, a shorter maximum) so the picker offers exactly what it will accept.
  const policy = user?.expiryPolicy;
  const bounds = useMemo(() => formBounds(now, policy), [now, policy]);
  const schema = useMemo(() => secretFormSchema(now, policy), [now, policy]);
  const createSecret = useCreateSecret(props.clientId);
  const [formError, setFormError] = useState<unknown>(undefined);
  const { control, handleSubmit, setError, formState } = useForm<SecretFormValues>({
    resolver: zodResolver(schema),
    defaultValues: secretFormDefaults(user?.name ?? '', bounds),
  });

  const submit = handleSubmit((values) => {
    setFormError(undefined);
    createSecret.mutate(
      { name: values.name.trim(), expiresOn: values.expiresOn },
      {
        onSuccess: (created) => {
          props.onCreated({ name: created.secret.name, hint: created.secret.hint, value: created.value });
          // Detach from the mutation so it (and the value in its result) is garbage-collected now (gcTime 0).
          createSecret.reset();
        },
        onError: (error) => {
          const fieldErrors =
            error instanceof ApiProblem ? error.fields.filter((f) => isFormField(f.field)) : [];
          for (const fieldError of fieldErrors) {
            if (isFormField(fieldError.field)) setError(fieldError.field, { message: fieldError.message });
          }
          if (fieldErrors.length === 0) setFormError(error);
        },
      },
    );
  });

  const outOfRange = (date: Date): string => {
    const iso = isoDateOf(date);
    if (iso < bounds.earliest) return `The expiry date must be ${bounds.earliest} or later.`;
    if (iso > bounds.latest) return `The expiry date must be ${bounds.latest} or earlier.`;
    return '';
  };

  const formMessage = formError === undefined ? undefined : problemMessage(formError);

  return (
    <>
      <ModalHeader title="Create a secret" labelId={props.titleId} />
      <ModalBody>
        {formMessage === undefined ? null : (
          <Alert
            variant="danger"
            isInline
            isLiveRegion
            component="h2"
            title={formMessage.title}
            className="credman-section"
          >
            {formMessage.body}
          </Alert>
        )}
        <Form
          id={formId}
          onSubmit={(event) => {
            void submit(event);
          }}
        >
          <Controller
            control={control}
            name="name"
            render={({ field, fieldState }) => (
              <FormGroup label="Name" isRequired fieldId={`${formId}-name`}>
                <TextInput
                  id={`${formId}-name`}
                  isRequired
                  value={field.value}
                  onChange={(_event, value) => {
                    field.onChange(value);
                  }}
                  onBlur={field.onBlur}
                  ref={field.ref}
                  validated={fieldState.error === undefined ? 'default' : 'error'}
                  aria-describedby={`${formId}-name-helper`}
                />
                <FormHelperText>
                  <HelperText id={`${formId}-name-helper`}>
                    <HelperTextItem variant={fieldState.error === undefined ? 'default' : 'error'}>
                      {fieldState.error?.message ?? 'Helps you tell secrets apart; up to 64 characters.'}
                    </HelperTextItem>
                  </HelperText>
                </FormHelperText>
              </FormGroup>
            )}
          />
          <Controller
            control={control}
            name="expiresOn"
            render={({ field, fieldState }) => (
              <FormGroup label="Expires on" isRequired fieldId={`${formId}-expires`}>
                <DatePicker
                  value={field.value}
                  aria-label="Expires on"
                  buttonAriaLabel="Choose the expiry date"
                  onChange={(_event, value) => {
                    field.onChange(value);
                  }}
                  onBlur={() => {
                    field.onBlur();
                  }}
                  validators={[outOfRange]}
                  inputProps={{
                    id: `${formId}-expires`,
                    'aria-describedby': `${formId}-expires-helper`,
                  }}
                  // The picker shows its own range message; the form's (and the server's) show here otherwise.
                  helperText={
                    <HelperText id={`${formId}-expires-helper`}>
                      <HelperTextItem variant={fieldState.error === undefined ? 'default' : 'error'}>
                        {fieldState.error?.message ??
                          `The secret works until the end of this day (23:59:59, server time zone). Between ${bounds.earliest} and ${bounds.latest}.`}
                      </HelperTextItem>
                    </HelperText>
                  }
                />
              </FormGroup>
            )}
          />
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          variant="primary"
          type="submit"
          form={formId}
          isLoading={createSecret.isPending}
          isDisabled={createSecret.isPending || formState.isSubmitting}
        >
          Create
        </Button>
        <Button variant="link" onClick={props.onCancel}>
          Cancel
        </Button>
      </ModalFooter>
    </>
  );
}
