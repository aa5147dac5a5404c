// The optional notes of a secret in the create and the edit form (docs/architecture.md#editing-secrets-and-applications):
// one paragraph, so a line break typed or pasted becomes a space instead of an error the user cannot see.
import { Controller } from 'react-hook-form';
import type { Control, FieldValues, Path } from 'react-hook-form';
import { FormGroup, FormHelperText, HelperText, HelperTextItem, TextArea } from '@patternfly/react-core';
import { SECRET_NOTES_MAX_LENGTH } from '@credman/domain';

const LINE_BREAKS = /\r\n|[\r\n]/g;

export function SecretNotesField<T extends FieldValues & { notes: string }>({
  control,
  formId,
}: {
  control: Control<T>;
  formId: string;
}) {
  const helperId = `${formId}-notes-helper`;
  return (
    <Controller
      control={control}
      name={'notes' as Path<T>}
      render={({ field, fieldState }) => {
        const value = field.value as string;
        return (
          <FormGroup label="Notes" fieldId={`${formId}-notes`}>
            <TextArea
              id={`${formId}-notes`}
              value={value}
              onChange={(_event, text) => {
                field.onChange(text.replace(LINE_BREAKS, ' '));
              }}
              onBlur={field.onBlur}
              ref={field.ref}
              rows={2}
              resizeOrientation="vertical"
              validated={fieldState.error === undefined ? 'default' : 'error'}
              aria-describedby={helperId}
            />
            <FormHelperText>
              <HelperText id={helperId}>
                <HelperTextItem variant={fieldState.error === undefined ? 'default' : 'error'}>
                  {fieldState.error?.message ??
                    `Optional: what the secret is for or where it is used. One paragraph, ${String(Array.from(value).length)} of ${String(SECRET_NOTES_MAX_LENGTH)} characters. Never put a password or secret here: the other managers read it, also in mails.`}
                </HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
        );
      }}
    />
  );
}
