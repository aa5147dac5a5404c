// Operators change an application's description and permissions (docs/architecture.md#editing-secrets-and-applications)
// with the create form's own fields and domain rules; the name parts are fixed. The managers are told by mail.
import { useId, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type { UseFormReturn } from 'react-hook-form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Content, Form, Modal, ModalBody, ModalHeader } from '@patternfly/react-core';
import { useCountAsOpenDialog } from '../../components/open-dialogs.ts';
import { ApiProblem } from '../../api/client.ts';
import { FormModalFooter } from '../../components/form-modal-footer.tsx';
import { problemMessage } from '../../api/problem-message.ts';
import { queryKeys } from '../../api/queries.ts';
import type { ApplicationDetail } from '@credman/api-contract';
import { draftErrors, draftFieldOf } from './application-draft.ts';
import type { ApplicationDraft } from './application-draft.ts';
import { DescriptionField, PermissionsField } from './application-form-fields.tsx';
import { updateApplication } from './api.ts';

type EditField = 'description' | 'permissions';

/** The server's field errors of the two editable fields. */
function serverErrors(error: unknown): Partial<Record<EditField, string[]>> {
  const result: Partial<Record<EditField, string[]>> = {};
  if (!(error instanceof ApiProblem)) return result;
  for (const { field, message } of error.fields) {
    const draftField = draftFieldOf(field);
    if (draftField === 'description' || draftField === 'permissions')
      (result[draftField] ??= []).push(message);
  }
  return result;
}

function useSaveApplication(application: ApplicationDetail, onSaved: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (draft: ApplicationDraft) =>
      updateApplication(application.clientId, {
        description: draft.description.trim(),
        permissions: draft.permissions,
      }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.application(application.clientId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.applicationLists }),
      ]);
      onSaved();
    },
  });
}

/** The fields' messages (the domain's once submitted, and the server's), the submit handler and the form alert. */
function useEditMessages(form: UseFormReturn<ApplicationDraft>, save: ReturnType<typeof useSaveApplication>) {
  const draft = useWatch({ control: form.control }) as ApplicationDraft;
  const [submitted, setSubmitted] = useState(false);
  const domain = submitted ? draftErrors(draft) : {};
  const server = serverErrors(save.error);
  const messages = (field: EditField) => [...(domain[field] ?? []), ...(server[field] ?? [])];
  const submit = form.handleSubmit((values) => {
    setSubmitted(true);
    const errors = draftErrors(values);
    if (errors.description === undefined && errors.permissions === undefined) save.mutate(values);
  });
  const alert =
    save.error === null || Object.keys(server).length > 0 ? undefined : problemMessage(save.error);
  return { messages, submit, alert };
}

const FORM_CLASS = 'credman-edit-application-form';

export function EditApplicationModal(props: { application: ApplicationDetail; onClose: () => void }) {
  useCountAsOpenDialog();
  const { application } = props;
  const titleId = useId();
  const formId = useId();
  const form = useForm<ApplicationDraft>({
    defaultValues: {
      ...application.name,
      permissions: application.permissions,
      description: application.description ?? '',
    },
  });
  const save = useSaveApplication(application, props.onClose);
  const { messages, submit, alert } = useEditMessages(form, save);
  return (
    <Modal
      isOpen
      variant="medium"
      aria-labelledby={titleId}
      onClose={props.onClose}
      // The first field (a permission), not the close button: see components/initial-focus.ts.
      elementToFocus={`.${FORM_CLASS} input`}
    >
      <ModalHeader title={`Edit ${application.clientId}`} labelId={titleId} />
      <ModalBody>
        <Content component="p">
          The name stays. New tokens carry the permissions at once; the credential managers are told by mail.
        </Content>
        {alert === undefined ? null : (
          <Alert variant="danger" isInline isLiveRegion component="h2" title={alert.title}>
            {alert.body}
          </Alert>
        )}
        <Form id={formId} className={FORM_CLASS} onSubmit={(event) => void submit(event)}>
          <PermissionsField
            form={form}
            messages={messages('permissions')}
            onEdit={() => {
              save.reset();
            }}
          />
          <DescriptionField
            form={form}
            messages={messages('description')}
            onEdit={() => {
              save.reset();
            }}
          />
        </Form>
      </ModalBody>
      <FormModalFooter formId={formId} label="Save" isPending={save.isPending} onCancel={props.onClose} />
    </Modal>
  );
}
