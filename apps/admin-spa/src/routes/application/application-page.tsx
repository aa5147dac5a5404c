// One application: the rotation guide and its secrets, how to get a token (token endpoint, curl), its
// permissions, its credential managers and its audit trail.
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Content, Label, LabelGroup, PageSection, Spinner, Title } from '@patternfly/react-core';
import { applicationQuery, managersQuery } from '../../api/queries.ts';
import type { ApplicationDetail } from '../../api/types.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { EditApplicationAction } from '../operator/edit-application-action.tsx';
import { ManagersSection } from '../operator/managers-section.tsx';
import { AuditSection } from './audit-section.tsx';
import { ConnectionDetails } from './connection-details.tsx';
import { RotationGuide } from './rotation-guide.tsx';
import { SecretsSection } from './secrets-section.tsx';

export function ApplicationPage() {
  const { clientId = '' } = useParams();
  const application = useQuery(applicationQuery(clientId));
  const { user } = useAuth();
  // Shared with the managers section (one request): it names a manager added after this login, whose token
  // does not carry the role yet while the sidecar already lets them act (docs/architecture.md#authorisation).
  const managers = useQuery(managersQuery(clientId));
  // Only the application's credential managers act on its secrets; an operator who is not one only reads.
  const canManage =
    user !== undefined &&
    (user.managedClientIds.includes(clientId) ||
      managers.data?.managers.some((manager) => manager.id === user.id) === true);

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">{clientId}</Title>
        {application.isSuccess ? <NameParts application={application.data} /> : null}
        {application.isSuccess && user?.isOperator === true ? (
          <EditApplicationAction application={application.data} />
        ) : null}
      </PageSection>
      <PageSection>
        {application.isPending ? (
          <Spinner aria-label="Loading the application" />
        ) : application.isError ? (
          <ProblemAlert error={application.error} onRetry={() => void application.refetch()} />
        ) : (
          <>
            {/* Secrets first: they are what people come here for. */}
            {canManage ? (
              <RotationGuide secrets={application.data.secrets} clientId={clientId} />
            ) : user === undefined ? null : (
              <ReadOnlyNote isOperator={user.isOperator} />
            )}
            <SecretsSection application={application.data} canManage={canManage} />
            <ConnectionDetails application={application.data} />
            <Permissions permissions={application.data.permissions} />
            <div className="credman-section">
              <ManagersSection clientId={clientId} canEdit={user?.isOperator === true} selfId={user?.id} />
            </div>
            <AuditSection clientId={clientId} />
          </>
        )}
      </PageSection>
    </>
  );
}

function ReadOnlyNote({ isOperator }: { isOperator: boolean }) {
  return (
    <Alert
      variant="info"
      isInline
      component="h2"
      title="You are not a credential manager of this application"
      className="credman-section"
    >
      {isOperator
        ? 'As an operator you see its secrets and choose its credential managers below; only they create and delete its secrets. Add yourself as a manager to rotate them.'
        : 'Only its credential managers create and delete its secrets.'}
    </Alert>
  );
}

function NameParts({ application }: { application: ApplicationDetail }) {
  const { name, description } = application;
  return (
    <>
      <LabelGroup aria-label="Name parts" numLabels={5}>
        <Label>{name.kind}</Label>
        <Label>
          {name.countryName} ({name.country})
        </Label>
        <Label>{name.organisation}</Label>
        <Label>
          {name.apiName} ({name.api})
        </Label>
        {name.sandboxOnly ? <Label color="purple">Sandbox</Label> : null}
      </LabelGroup>
      {description === undefined || description === '' ? null : (
        <Content component="p">{description}</Content>
      )}
    </>
  );
}

function Permissions({ permissions }: { permissions: string[] }) {
  return (
    <section className="credman-section" aria-labelledby="credman-permissions">
      <Title headingLevel="h2" id="credman-permissions">
        Permissions
      </Title>
      <Content component="p">Set by an operator; the scopes a token of this application can carry.</Content>
      {permissions.length === 0 ? (
        <Content component="p">No permissions.</Content>
      ) : (
        <LabelGroup aria-label="Permissions" numLabels={20}>
          {permissions.map((permission) => (
            <Label key={permission} color="blue">
              {permission}
            </Label>
          ))}
        </LabelGroup>
      )}
    </section>
  );
}
