// The create-secret form's two fields under react-hook-form: the name and the expiry date (typed, or picked
// in the calendar) with its bounds, the reminder schedule and the short-lifetime advice.
import { Controller } from 'react-hook-form';
import type { Control, FieldValues, Path } from 'react-hook-form';
import {
  DatePicker,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  TextInput,
} from '@patternfly/react-core';
import { SECRET_NAME_MAX_LENGTH, parseCalendarDate, validateExpiryDate } from '@credman/domain';
import type { ExpiryBounds } from '@credman/domain';
import { initialFocus } from '../../components/initial-focus.ts';
import { REMINDER_SCHEDULE_TEXT, ShortLifetimeAdvice } from './expiry-advice.tsx';
import type { SecretFormValues } from './secret-form.ts';

/** The name field of the create and the edit form (any form whose values have a `name`). */
export function SecretNameField<T extends FieldValues & { name: string }>({
  control,
  formId,
}: {
  control: Control<T>;
  formId: string;
}) {
  return (
    <Controller
      control={control}
      name={'name' as Path<T>}
      render={({ field, fieldState }) => (
        <FormGroup label="Name" isRequired fieldId={`${formId}-name`}>
          <TextInput
            id={`${formId}-name`}
            // Both dialogs with this field (create and edit) open with the focus here.
            {...initialFocus}
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
                {fieldState.error?.message ??
                  `Helps you tell secrets apart; up to ${String(SECRET_NAME_MAX_LENGTH)} characters.`}
              </HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
      )}
    />
  );
}

/** A calendar date `YYYY-MM-DD` of a local Date, as the date picker hands them over. */
function isoDateOf(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${String(date.getFullYear())}-${month}-${day}`;
}

/**
 * The picker's parser: the domain's strict calendar date (its default `new Date(...)` rolls 2027-02-30 over
 * into March and calls it valid). A local midnight, as the picker's calendar works in local dates.
 */
function parseStrictDate(text: string): Date {
  const date = parseCalendarDate(text);
  return date === undefined ? new Date(Number.NaN) : new Date(`${date}T00:00:00`);
}

/** What the picker says about text that is no date: the domain's own message (format, or no such day). */
function notADateMessage(text: string, now: number): string {
  const result = validateExpiryDate(text, now);
  return result.ok ? '' : (result.errors[0]?.message ?? '');
}

function outOfRange(bounds: ExpiryBounds) {
  return (date: Date): string => {
    const iso = isoDateOf(date);
    if (iso < bounds.earliest) return `The expiry date must be ${bounds.earliest} or later.`;
    if (iso > bounds.latest) return `The expiry date must be ${bounds.latest} or earlier.`;
    return '';
  };
}

export function ExpiryField(props: {
  control: Control<SecretFormValues>;
  formId: string;
  bounds: ExpiryBounds;
  now: number;
}) {
  const { formId, bounds } = props;
  const helperId = `${formId}-expires-helper`;
  return (
    <Controller
      control={props.control}
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
            dateParse={parseStrictDate}
            invalidFormatText={notADateMessage(field.value, props.now)}
            validators={[outOfRange(bounds)]}
            inputProps={{ id: `${formId}-expires`, 'aria-describedby': helperId }}
            // Inline, the calendar sat in the modal body's scroll area: focusing a day scrolled the field out of
            // view and the popper hid itself with it, leaving the dialog blank. On the page body it stays put.
            appendTo={() => document.body}
            popoverProps={{ position: 'bottom', enableFlip: true, 'aria-label': 'Calendar of expiry dates' }}
            // The picker shows its own range message; the form's (and the server's) show here otherwise.
            helperText={
              <HelperText id={helperId}>
                <HelperTextItem variant={fieldState.error === undefined ? 'default' : 'error'}>
                  {fieldState.error?.message ??
                    `The secret works until the end of this day (23:59:59, server time zone). Between ${bounds.earliest} and ${bounds.latest}.`}
                </HelperTextItem>
                <HelperTextItem>{REMINDER_SCHEDULE_TEXT}</HelperTextItem>
              </HelperText>
            }
          />
          <ShortLifetimeAdvice expiresOn={field.value} now={props.now} />
        </FormGroup>
      )}
    />
  );
}
