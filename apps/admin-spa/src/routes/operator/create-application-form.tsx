// The operator's create-application form on react-hook-form: the name is built from its parts under the naming
// convention (application-form-rules.ts resolves with the domain rules), the resulting client ID is shown as it
// is typed, and every reason against a part, the domain's or the server's, is shown at that part.
import { useId } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ActionGroup, Alert, Button, Content, Form, Title } from '@patternfly/react-core';
import { ApiProblem } from '../../api/client.ts';
import { queryKeys } from '../../api/queries.ts';
import { applicationPage, applicationsPage } from '@credman/domain';
import { createApplication } from './api.ts';
import { EMPTY_DRAFT, previewClientId } from './application-draft.ts';
import type { ApplicationDraft, DraftField } from './application-draft.ts';
import {
  ApiField,
  CountryField,
  DescriptionField,
  KindField,
  OrganisationField,
  PermissionsField,
} from './application-form-fields.tsx';
import { draftResolver, errorMessages, serverFieldErrors, toRequest } from './application-form-rules.ts';
import { errorMessage } from './error-message.ts';

export function CreateApplicationForm() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: createApplication,
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.applicationLists });
      await navigate(applicationPage.to({ clientId: created.clientId }));
    },
  });
  // Validated on every change, so a reason shows as the part is typed; all reasons of a field are kept.
  const form = useForm<ApplicationDraft>({
    defaultValues: EMPTY_DRAFT,
    resolver: draftResolver,
    mode: 'onChange',
    criteriaMode: 'all',
  });
  const serverErrors = serverFieldErrors(create.error);
  const field = (name: DraftField) => ({
    form,
    messages: [...errorMessages(form.formState.errors[name]), ...(serverErrors[name] ?? [])],
    onEdit: () => {
      if (create.isError) create.reset();
    },
  });
  const submit = form.handleSubmit((draft) => {
    create.mutate(toRequest(draft));
  });
  const generalError = create.isError && Object.keys(serverErrors).length === 0 ? create.error : undefined;

  return (
    <Form onSubmit={(event) => void submit(event)} noValidate aria-label="Create application">
      <KindField {...field('kind')} />
      <CountryField {...field('country')} />
      <OrganisationField {...field('organisation')} />
      <ApiField {...field('api')} />
      <PermissionsField {...field('permissions')} />
      <DescriptionField {...field('description')} />
      <ClientIdPreview form={form} />
      {generalError === undefined ? null : <CreateError error={generalError} form={form} />}
      <ActionGroup>
        <Button type="submit" variant="primary" isLoading={create.isPending} isDisabled={create.isPending}>
          Create application
        </Button>
        <Button variant="link" onClick={() => void navigate(applicationsPage.to())}>
          Cancel
        </Button>
      </ActionGroup>
    </Form>
  );
}

type FormProp = { form: ReturnType<typeof useForm<ApplicationDraft>> };

function ClientIdPreview({ form }: FormProp) {
  const headingId = useId();
  const draft = useWatch({ control: form.control }) as ApplicationDraft;
  return (
    <section aria-labelledby={headingId}>
      <Title headingLevel="h2" size="md" id={headingId}>
        Client ID
      </Title>
      <Content component="p" aria-live="polite">
        <code data-testid="client-id-preview">{previewClientId(draft)}</code>
      </Content>
    </section>
  );
}

function CreateError({ error, form }: FormProp & { error: unknown }) {
  const title =
    error instanceof ApiProblem && error.code === 'already-exists'
      ? `${previewClientId(form.getValues())} already exists`
      : 'The application was not created';
  return (
    <Alert variant="danger" isInline title={title}>
      {errorMessage(error)}
    </Alert>
  );
}
