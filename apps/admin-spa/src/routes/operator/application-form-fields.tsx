// The fields of the create-application form, each bound to react-hook-form. A change of prefix or API drops the
// permissions the new combination does not allow (application-draft.ts).
import { useId, useState } from 'react';
import { useController, useWatch } from 'react-hook-form';
import type { UseFormReturn } from 'react-hook-form';
import {
  Checkbox,
  Content,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Radio,
  TextArea,
  TextInput,
} from '@patternfly/react-core';
import {
  APPLICATION_DESCRIPTION_MAX_LENGTH,
  APPLICATION_KINDS,
  DEFAULT_API_CATALOGUE,
  permissionScopesFor,
} from '@credman/domain';
import { typedCountryProblem, withAllowedPermissions } from './application-draft.ts';
import type { ApplicationDraft } from './application-draft.ts';
import { CountryTypeahead } from './country-typeahead.tsx';
import { FieldErrors } from './field-errors.tsx';

export interface FieldProps {
  form: UseFormReturn<ApplicationDraft>;
  /** The reasons against this field to show now (the domain's and the server's). */
  messages: string[];
  /** Called on every change: a server error no longer applies once the form changed. */
  onEdit: () => void;
}

const KIND_LABELS: Record<(typeof APPLICATION_KINDS)[number], string> = {
  Partner: 'Partner',
  PartnerAlternative: 'PartnerAlternative (sandbox only)',
};

/** After the prefix or the API changed: drop the permissions the new combination does not offer. */
function dropDisallowedPermissions(form: UseFormReturn<ApplicationDraft>): void {
  const draft = form.getValues();
  const allowed = withAllowedPermissions(draft).permissions;
  if (allowed.length !== draft.permissions.length) form.setValue('permissions', allowed);
}

/** A free-text field: bound to the form, marked invalid while it has messages, described by its help text. */
function useTextField(
  form: UseFormReturn<ApplicationDraft>,
  name: 'organisation' | 'description',
  messages: string[],
  onEdit: () => void,
) {
  const ids = { input: useId(), help: useId() };
  const { field } = useController({ control: form.control, name });
  const inputProps = {
    id: ids.input,
    'aria-describedby': ids.help,
    value: field.value,
    validated: messages.length > 0 ? ('error' as const) : ('default' as const),
    onChange: (_event: unknown, value: string) => {
      field.onChange(value);
      onEdit();
    },
    onBlur: field.onBlur,
  };
  return { ids, inputProps };
}

export function KindField({ form, messages, onEdit }: FieldProps) {
  const { field } = useController({ control: form.control, name: 'kind' });
  return (
    <FormGroup role="radiogroup" isInline fieldId="kind" label="Prefix" isRequired>
      {APPLICATION_KINDS.map((kind) => (
        <Radio
          key={kind}
          id={`kind-${kind}`}
          name="kind"
          label={KIND_LABELS[kind]}
          isChecked={field.value === kind}
          onChange={() => {
            field.onChange(kind);
            dropDisallowedPermissions(form);
            onEdit();
          }}
        />
      ))}
      <FieldErrors messages={messages} />
    </FormGroup>
  );
}

export function CountryField({ form, messages, onEdit }: FieldProps) {
  const ids = { input: useId(), help: useId() };
  const { field } = useController({ control: form.control, name: 'country' });
  // Text typed that matches no country is wrong as it is typed, and it is what is wrong with the field (not
  // "missing", which the form holds until a country is chosen).
  const [typed, setTyped] = useState<string | undefined>(undefined);
  const typedProblem = typedCountryProblem(typed);
  const shown = typedProblem === undefined ? messages : [typedProblem];
  return (
    <FormGroup label="Country" fieldId={ids.input} isRequired>
      <CountryTypeahead
        inputId={ids.input}
        value={field.value}
        invalid={shown.length > 0}
        describedBy={shown.length > 0 ? ids.help : undefined}
        onChange={(code) => {
          field.onChange(code);
          onEdit();
        }}
        onTyped={setTyped}
      />
      <FieldErrors id={ids.help} messages={shown} />
    </FormGroup>
  );
}

export function OrganisationField({ form, messages, onEdit }: FieldProps) {
  const text = useTextField(form, 'organisation', messages, onEdit);
  return (
    <FormGroup label="Organisation" fieldId={text.ids.input} isRequired>
      <TextInput {...text.inputProps} />
      <FieldErrors
        id={text.ids.help}
        messages={messages}
        hint="Letters and digits in CamelCase: an upper-case first letter, lower-case letters after it, e.g. OrganisationName or AcmeGmbH."
      />
    </FormGroup>
  );
}

export function ApiField({ form, messages, onEdit }: FieldProps) {
  const ids = { select: useId(), help: useId() };
  const { field } = useController({ control: form.control, name: 'api' });
  return (
    <FormGroup label="API" fieldId={ids.select} isRequired>
      <FormSelect
        id={ids.select}
        aria-describedby={messages.length > 0 ? ids.help : undefined}
        value={field.value}
        validated={messages.length > 0 ? 'error' : 'default'}
        onChange={(_event, value) => {
          field.onChange(value);
          dropDisallowedPermissions(form);
          onEdit();
        }}
      >
        <FormSelectOption value="" label="Choose an API" isPlaceholder />
        {DEFAULT_API_CATALOGUE.map((api) => (
          <FormSelectOption key={api.code} value={api.code} label={`${api.code} — ${api.name}`} />
        ))}
      </FormSelect>
      <FieldErrors id={ids.help} messages={messages} />
    </FormGroup>
  );
}

export function PermissionsField({ form, messages, onEdit }: FieldProps) {
  const { field } = useController({ control: form.control, name: 'permissions' });
  const [api, kind] = useWatch({ control: form.control, name: ['api', 'kind'] });
  const scopes = api === '' ? [] : permissionScopesFor(api, kind);
  const toggle = (scope: string, checked: boolean) => {
    field.onChange(checked ? [...field.value, scope] : field.value.filter((held) => held !== scope));
    onEdit();
  };
  return (
    <FormGroup role="group" fieldId="permissions" label="Permissions" isRequired>
      {scopes.length === 0 ? (
        <Content component="p">Choose an API to see its permissions.</Content>
      ) : (
        scopes.map((scope) => (
          <Checkbox
            key={scope}
            id={`permission-${scope}`}
            label={scope}
            isChecked={field.value.includes(scope)}
            onChange={(_event, checked) => {
              toggle(scope, checked);
            }}
          />
        ))
      )}
      <FieldErrors
        messages={messages}
        hint={
          kind === 'PartnerAlternative'
            ? 'PartnerAlternative applications are sandbox-only: production is not offered.'
            : undefined
        }
      />
    </FormGroup>
  );
}

export function DescriptionField({ form, messages, onEdit }: FieldProps) {
  const text = useTextField(form, 'description', messages, onEdit);
  return (
    <FormGroup label="Description" fieldId={text.ids.input}>
      <TextArea {...text.inputProps} resizeOrientation="vertical" />
      <FieldErrors
        id={text.ids.help}
        messages={messages}
        hint={`Optional, at most ${String(APPLICATION_DESCRIPTION_MAX_LENGTH)} characters.`}
      />
    </FormGroup>
  );
}
