// The reasons against a form field (as errors) and an optional hint that stays while they show.
import { FormHelperText, HelperText, HelperTextItem } from '@patternfly/react-core';

export function FieldErrors({
  messages,
  hint,
  // The id, when given (PatternFly's props take no undefined).
  ...helperText
}: {
  id?: string;
  messages: string[];
  hint?: string | undefined;
}) {
  if (messages.length === 0 && hint === undefined) return null;
  return (
    <FormHelperText>
      <HelperText {...helperText}>
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
