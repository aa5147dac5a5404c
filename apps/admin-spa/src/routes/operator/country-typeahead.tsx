// One typeahead select for the country (PatternFly's typeahead Select): typing filters the ISO 3166-1 countries
// by name or code, arrow keys move through the matches, Enter or a click chooses one. The form holds only the
// chosen code; the text box shows the chosen country until the user types again.
import { useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import {
  Button,
  MenuToggle,
  Select,
  SelectList,
  SelectOption,
  TextInputGroup,
  TextInputGroupMain,
  TextInputGroupUtilities,
} from '@patternfly/react-core';
import type { MenuToggleElement } from '@patternfly/react-core';
import { TimesIcon } from '@patternfly/react-icons/dist/esm/icons/times-icon';
import { COUNTRIES } from '@credman/domain';
import { filterCountries } from './application-draft.ts';

export interface CountryTypeaheadProps {
  inputId: string;
  /** The chosen ISO code, '' for none. */
  value: string;
  onChange: (code: string) => void;
  invalid: boolean;
  describedBy: string | undefined;
  /** The text typed and not yet chosen (undefined when the box shows the chosen country), on every change. */
  onTyped?: (text: string | undefined) => void;
}

const labelOf = (code: string): string => {
  const country = COUNTRIES.find((candidate) => candidate.code === code);
  return country === undefined ? code : `${country.code} — ${country.name}`;
};

/** Arrow keys move the focused option and wrap around; other keys leave it. */
function movedIndex(key: string, index: number | undefined, count: number): number | undefined {
  if (count === 0) return undefined;
  if (key === 'ArrowDown') return index === undefined || index >= count - 1 ? 0 : index + 1;
  if (key === 'ArrowUp') return index === undefined || index <= 0 ? count - 1 : index - 1;
  return index;
}

/** The typeahead's state: what is typed (undefined: show the chosen country), the open list, the focused match. */
function useTypeahead(props: CountryTypeaheadProps) {
  const [isOpen, setIsOpen] = useState(false);
  const [typed, setTyped] = useState<string | undefined>(undefined);
  const [focused, setFocused] = useState<number | undefined>(undefined);
  const matches = filterCountries(typed ?? '');
  const setTypedText = (text: string | undefined) => {
    setTyped(text);
    props.onTyped?.(text);
  };
  const choose = (code: string) => {
    props.onChange(code);
    setTypedText(undefined);
    setFocused(undefined);
    setIsOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setIsOpen(true);
      setFocused(movedIndex(event.key, focused, matches.length));
    } else if (event.key === 'Enter' && isOpen) {
      event.preventDefault();
      const match = matches[focused ?? 0];
      if (match !== undefined && (focused !== undefined || matches.length === 1)) choose(match.code);
    } else if (event.key === 'Escape') setIsOpen(false);
  };
  const type = (text: string) => {
    setTypedText(text);
    setFocused(undefined);
    setIsOpen(true);
  };
  return { isOpen, setIsOpen, typed, focused, matches, choose, onKeyDown, type };
}

type Typeahead = ReturnType<typeof useTypeahead>;

function CountryToggle(props: {
  toggleRef: React.Ref<MenuToggleElement>;
  field: CountryTypeaheadProps;
  state: Typeahead;
  listId: string;
}) {
  const { field, state, listId } = props;
  const inputRef = useRef<HTMLInputElement>(null);
  const focusedId = state.focused === undefined ? undefined : `${listId}-${String(state.focused)}`;
  return (
    <MenuToggle
      ref={props.toggleRef}
      variant="typeahead"
      isFullWidth
      isExpanded={state.isOpen}
      // PatternFly's props take no undefined: the status only when there is one.
      {...(field.invalid ? { status: 'danger' as const } : {})}
      onClick={() => {
        state.setIsOpen(!state.isOpen);
        inputRef.current?.focus();
      }}
    >
      <TextInputGroup isPlain>
        <TextInputGroupMain
          inputId={field.inputId}
          innerRef={inputRef}
          value={state.typed ?? (field.value === '' ? '' : labelOf(field.value))}
          placeholder="Type a country name or code"
          role="combobox"
          isExpanded={state.isOpen}
          aria-controls={listId}
          // PatternFly's props take no undefined (status above too).
          {...(focusedId === undefined ? {} : { 'aria-activedescendant': focusedId })}
          // No aria-label (PatternFly's default is "Type to filter"): the form group's <label for> names it.
          inputProps={{ autoComplete: 'off', 'aria-label': undefined, 'aria-describedby': field.describedBy }}
          onClick={() => {
            state.setIsOpen(true);
          }}
          onChange={(_event, text) => {
            state.type(text);
          }}
          onKeyDown={state.onKeyDown}
        />
        {field.value === '' && (state.typed ?? '') === '' ? null : (
          <TextInputGroupUtilities>
            <Button
              variant="plain"
              aria-label="Clear the country"
              icon={<TimesIcon />}
              onClick={() => {
                field.onChange('');
                state.type('');
                inputRef.current?.focus();
              }}
            />
          </TextInputGroupUtilities>
        )}
      </TextInputGroup>
    </MenuToggle>
  );
}

export function CountryTypeahead(props: CountryTypeaheadProps) {
  const listId = useId();
  const state = useTypeahead(props);
  return (
    <Select
      isOpen={state.isOpen}
      selected={props.value}
      onSelect={(_event, selected) => {
        if (typeof selected === 'string' && selected !== '') state.choose(selected);
      }}
      onOpenChange={state.setIsOpen}
      toggle={(ref) => <CountryToggle toggleRef={ref} field={props} state={state} listId={listId} />}
      isScrollable
      shouldFocusFirstItemOnOpen={false}
    >
      <SelectList id={listId} aria-label="Countries">
        {state.matches.length === 0 ? (
          <SelectOption isDisabled value="">
            No country matches "{state.typed}"
          </SelectOption>
        ) : (
          state.matches.map((country, index) => (
            <SelectOption
              key={country.code}
              id={`${listId}-${String(index)}`}
              value={country.code}
              isFocused={state.focused === index}
            >
              {country.code} — {country.name}
            </SelectOption>
          ))
        )}
      </SelectList>
    </Select>
  );
}
