// An inline alert for a failed request, with an optional retry action. Its title is a heading one level below
// the section it appears in, so headings stay in order.
import { Alert, AlertActionLink } from '@patternfly/react-core';
import { problemMessage } from '../api/problem-message.ts';

export function ProblemAlert({
  error,
  onRetry,
  headingLevel = 'h2',
}: {
  error: unknown;
  onRetry?: () => void;
  headingLevel?: 'h2' | 'h3';
}) {
  const { title, body } = problemMessage(error);
  return (
    <Alert
      variant="danger"
      isInline
      isLiveRegion
      component={headingLevel}
      title={title}
      actionLinks={
        onRetry === undefined ? undefined : <AlertActionLink onClick={onRetry}>Retry</AlertActionLink>
      }
    >
      {body === '' ? null : <p>{body}</p>}
    </Alert>
  );
}
