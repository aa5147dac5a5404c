// Operators create an application here (create-application-form.tsx); anyone else is told whom to ask.
import { useQuery } from '@tanstack/react-query';
import { Alert, PageSection, Spinner } from '@patternfly/react-core';
import { meQuery } from '../../api/queries.ts';
import { applicationsPage } from '@credman/domain';
import { PageHeader } from '../../shell/page-header.tsx';
import { CreateApplicationForm } from './create-application-form.tsx';
import { errorMessage } from './error-message.ts';

export function CreateApplicationPage() {
  const me = useQuery(meQuery());
  return (
    <>
      <PageHeader title="Create application" trail={[{ label: 'Applications', to: applicationsPage.to() }]} />
      <PageSection>
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
    </>
  );
}
