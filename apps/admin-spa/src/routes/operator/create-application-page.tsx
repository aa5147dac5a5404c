// Operators create an application here: the name is built from its parts under the naming convention, the
// resulting client ID is shown as it is typed, and every domain reason against a part is shown at that part.
import { useId, useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ActionGroup,
  Alert,
  Button,
  Checkbox,
  Content,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  PageSection,
  Radio,
  Spinner,
  TextArea,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { APPLICATION_KINDS, DEFAULT_API_CATALOGUE, permissionScopesFor } from '@credman/domain';
import { ApiProblem } from '../../api/client.ts';
import { meQuery, queryKeys } from '../../api/queries.ts';
import { routePaths } from '../../route-paths.ts';
import { createApplication } from './api.ts';
import type { CreateApplicationRequest } from './api.ts';
import {
  DESCRIPTION_MAX_LENGTH,
  EMPTY_DRAFT,
  draftErrors,
  draftFieldOf,
  filterCountries,
  isApplicationKind,
  previewClientId,
  withAllowedPermissions,
} from './application-draft.ts';
import type { ApplicationDraft, DraftErrors, DraftField } from './application-draft.ts';
import { errorMessage } from './error-message.ts';

const KIND_LABELS: Record<(typeof APPLICATION_KINDS)[number], string> = {
  Partner: 'Partner',
  PartnerAlternative: 'PartnerAlternative (sandbox only)',
};

export function CreateApplicationPage() {
  const me = useQuery(meQuery());
  return (
    <PageSection>
      <Title headingLevel="h1">Create application</Title>
      {me.isPending ? (
        <Spinner size="lg" aria-label="Loading" />
      ) : me.isError ? (
        <Alert variant="danger" isInline title="Your account could not be loaded">
          {errorMessage(me.error)}
        </Alert>
      ) : me.data.isOperator ? (
        <CreateApplicationForm />
      ) : (
        <Alert variant="info" isInline title="Only operators can create applications">
          Ask an operator to create the application and to make you one of its credential managers.
        </Alert>
      )}
    </PageSection>
  );
}

function toRequest(draft: ApplicationDraft): CreateApplicationRequest {
  const description = draft.description.trim();
  return {
    kind: draft.kind,
    country: draft.country,
    organisation: draft.organisation,
    api: draft.api,
    permissions: draft.permissions,
    ...(description === '' ? {} : { description }),
  };
}

/** Field errors the server gave, by form field; anything it names that the form has no field for is dropped. */
function serverFieldErrors(error: unknown): DraftErrors {
  const errors: DraftErrors = {};
  if (!(error instanceof ApiProblem)) return errors;
  for (const field of error.fields) {
    const target = draftFieldOf(field.field);
    if (target !== undefined) (errors[target] ??= []).push(field.message);
  }
  return errors;
}

function CreateApplicationForm() {
  const ids = {
    country: useId(),
    countryHelp: useId(),
    organisationHelp: useId(),
    apiHelp: useId(),
    descriptionHelp: useId(),
    countryFilter: useId(),
    organisation: useId(),
    api: useId(),
    description: useId(),
    preview: useId(),
  };
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ApplicationDraft>(EMPTY_DRAFT);
  const [countryFilter, setCountryFilter] = useState('');
  const [touched, setTouched] = useState<Partial<Record<DraftField, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation({
    mutationFn: createApplication,
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.applicationLists });
      await navigate(routePaths.application(created.clientId));
    },
  });

  const localErrors = draftErrors(draft);
  const serverErrors = serverFieldErrors(create.error);
  const shown = (field: DraftField): string[] => [
    ...(submitted || touched[field] === true ? (localErrors[field] ?? []) : []),
    ...(serverErrors[field] ?? []),
  ];
  const change = (next: Partial<ApplicationDraft>, field: DraftField) => {
    setDraft((current) => withAllowedPermissions({ ...current, ...next }));
    setTouched((current) => ({ ...current, [field]: true }));
    // A server error no longer applies once the form changed.
    if (create.isError) create.reset();
  };
  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(localErrors).length > 0) return;
    create.mutate(toRequest(draft));
  };

  const countries = filterCountries(countryFilter);
  const scopes = draft.api === '' ? [] : permissionScopesFor(draft.api, draft.kind);
  const generalError = create.isError && Object.keys(serverErrors).length === 0 ? create.error : undefined;

  return (
    <Form onSubmit={onSubmit} noValidate aria-label="Create application">
      <FormGroup role="radiogroup" isInline fieldId="kind" label="Prefix" isRequired>
        {APPLICATION_KINDS.map((kind) => (
          <Radio
            key={kind}
            id={`kind-${kind}`}
            name="kind"
            label={KIND_LABELS[kind]}
            isChecked={draft.kind === kind}
            onChange={() => {
              if (isApplicationKind(kind)) change({ kind }, 'kind');
            }}
          />
        ))}
        <FieldErrors messages={shown('kind')} />
      </FormGroup>

      <FormGroup label="Find a country" fieldId={ids.countryFilter}>
        <TextInput
          id={ids.countryFilter}
          type="search"
          value={countryFilter}
          placeholder="Country name or code"
          onChange={(_event, value) => {
            setCountryFilter(value);
          }}
        />
        <FormHelperText>
          <HelperText>
            <HelperTextItem>
              {countries.length} of the ISO 3166-1 countries match; choose one in the list below.
            </HelperTextItem>
          </HelperText>
        </FormHelperText>
      </FormGroup>
      <FormGroup label="Country" fieldId={ids.country} isRequired>
        <FormSelect
          id={ids.country}
          aria-describedby={shown('country').length > 0 ? ids.countryHelp : undefined}
          value={draft.country}
          validated={shown('country').length > 0 ? 'error' : 'default'}
          onChange={(_event, value) => {
            change({ country: value }, 'country');
          }}
        >
          <FormSelectOption value="" label="Choose a country" isPlaceholder />
          {/* The chosen country stays an option while the filter hides it, so the select still shows it. */}
          {draft.country !== '' && !countries.some((country) => country.code === draft.country) && (
            <FormSelectOption value={draft.country} label={draft.country} />
          )}
          {countries.map((country) => (
            <FormSelectOption
              key={country.code}
              value={country.code}
              label={`${country.code} — ${country.name}`}
            />
          ))}
        </FormSelect>
        <FieldErrors id={ids.countryHelp} messages={shown('country')} />
      </FormGroup>

      <FormGroup label="Organisation" fieldId={ids.organisation} isRequired>
        <TextInput
          id={ids.organisation}
          aria-describedby={ids.organisationHelp}
          value={draft.organisation}
          validated={shown('organisation').length > 0 ? 'error' : 'default'}
          onChange={(_event, value) => {
            change({ organisation: value }, 'organisation');
          }}
        />
        <FieldErrors
          id={ids.organisationHelp}
          messages={shown('organisation')}
          hint="Letters and digits in CamelCase, starting with a letter, e.g. OrganisationName."
        />
      </FormGroup>

      <FormGroup label="API" fieldId={ids.api} isRequired>
        <FormSelect
          id={ids.api}
          aria-describedby={shown('api').length > 0 ? ids.apiHelp : undefined}
          value={draft.api}
          validated={shown('api').length > 0 ? 'error' : 'default'}
          onChange={(_event, value) => {
            change({ api: value }, 'api');
          }}
        >
          <FormSelectOption value="" label="Choose an API" isPlaceholder />
          {DEFAULT_API_CATALOGUE.map((api) => (
            <FormSelectOption key={api.code} value={api.code} label={`${api.code} — ${api.name}`} />
          ))}
        </FormSelect>
        <FieldErrors id={ids.apiHelp} messages={shown('api')} />
      </FormGroup>

      <FormGroup role="group" fieldId="permissions" label="Permissions" isRequired>
        {scopes.length === 0 ? (
          <Content component="p">Choose an API to see its permissions.</Content>
        ) : (
          scopes.map((scope) => (
            <Checkbox
              key={scope}
              id={`permission-${scope}`}
              label={scope}
              isChecked={draft.permissions.includes(scope)}
              onChange={(_event, checked) => {
                const permissions = checked
                  ? [...draft.permissions, scope]
                  : draft.permissions.filter((held) => held !== scope);
                change({ permissions }, 'permissions');
              }}
            />
          ))
        )}
        <FieldErrors
          messages={shown('permissions')}
          hint={
            draft.kind === 'PartnerAlternative'
              ? 'PartnerAlternative applications are sandbox-only: production is not offered.'
              : undefined
          }
        />
      </FormGroup>

      <FormGroup label="Description" fieldId={ids.description}>
        <TextArea
          id={ids.description}
          aria-describedby={ids.descriptionHelp}
          value={draft.description}
          resizeOrientation="vertical"
          validated={shown('description').length > 0 ? 'error' : 'default'}
          onChange={(_event, value) => {
            change({ description: value }, 'description');
          }}
        />
        <FieldErrors
          id={ids.descriptionHelp}
          messages={shown('description')}
          hint={`Optional, at most ${DESCRIPTION_MAX_LENGTH} characters.`}
        />
      </FormGroup>

      <section aria-labelledby={ids.preview}>
        <Title headingLevel="h2" size="md" id={ids.preview}>
          Client ID
        </Title>
        <Content component="p" aria-live="polite">
          <code data-testid="client-id-preview">{previewClientId(draft)}</code>
        </Content>
      </section>

      {generalError !== undefined && (
        <Alert
          variant="danger"
          isInline
          title={
            generalError instanceof ApiProblem && generalError.code === 'already-exists'
              ? `${previewClientId(draft)} already exists`
              : 'The application was not created'
          }
        >
          {errorMessage(generalError)}
        </Alert>
      )}

      <ActionGroup>
        <Button type="submit" variant="primary" isLoading={create.isPending} isDisabled={create.isPending}>
          Create application
        </Button>
        <Button
          variant="link"
          onClick={() => {
            void navigate(routePaths.applications);
          }}
        >
          Cancel
        </Button>
      </ActionGroup>
    </Form>
  );
}

/** The reasons against a field (as errors) and an optional hint that stays while they show. */
function FieldErrors({ id, messages, hint }: { id?: string; messages: string[]; hint?: string | undefined }) {
  if (messages.length === 0 && hint === undefined) return null;
  return (
    <FormHelperText>
      <HelperText id={id}>
        {messages.map((message) => (
          <HelperTextItem key={message} variant="error">
            {message}
          </HelperTextItem>
        ))}
        {hint === undefined ? null : <HelperTextItem>{hint}</HelperTextItem>}
      </HelperText>
    </FormHelperText>
  );
}
