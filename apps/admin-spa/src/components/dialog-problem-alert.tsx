// A dialog's alert for a failed save: the problem in the console's words and, when the session has ended, the way to
// log in again from the dialog itself (the dialog's typed input is kept, components/drafts.ts).
import { Alert, AlertActionLink } from '@patternfly/react-core';
import { ApiProblem } from '../api/client.ts';
import { problemMessage } from '../api/problem-message.ts';
import { useAuth } from '../auth/auth-context.tsx';

// className '' is Alert's own default: PatternFly's props take no undefined.
export function DialogProblemAlert({ error, className = '' }: { error: unknown; className?: string }) {
  const { login } = useAuth();
  const { title, body } = problemMessage(error);
  const sessionEnded = error instanceof ApiProblem && error.status === 401;
  return (
    <Alert
      variant={sessionEnded ? 'warning' : 'danger'}
      isInline
      isLiveRegion
      component="h2"
      title={title}
      className={className}
      actionLinks={sessionEnded ? <AlertActionLink onClick={login}>Log in again</AlertActionLink> : undefined}
    >
      {body}
    </Alert>
  );
}
