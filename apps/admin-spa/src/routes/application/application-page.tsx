// One application: the rotation guide and its secrets, how to get a token (token endpoint, curl), its
// permissions, its credential managers and its audit trail.
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Content,
  EmptyState,
  EmptyStateBody,
  EmptyStateFooter,
  Label,
  LabelGroup,
  PageSection,
  Spinner,
  Title,
} from '@patternfly/react-core';
import { ApiProblem } from '../../api/client.ts';
import { applicationQuery, managersQuery } from '../../api/queries.ts';
import type { ApplicationDetail } from '@credman/api-contract';
import { useAuth } from '../../auth/auth-context.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { applicationsPage } from '@credman/domain';
import { PageHeader } from '../../shell/page-header.tsx';
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
      <PageHeader title={clientId} trail={[{ label: 'Applications', to: applicationsPage.to() }]}>
        {application.isSuccess ? <NameParts application={application.data} /> : null}
        {application.isSuccess && user?.isOperator === true ? (
          <EditApplicationAction application={application.data} />
        ) : null}
      </PageHeader>
      <PageSection>
        {application.isPending ? (
          <Spinner aria-label="Loading the application" />
        ) : isNotFound(application.error) ? (
          <ApplicationNotFound clientId={clientId} isOperator={user?.isOperator === true} />
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

function isNotFound(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 404;
}

/**
 * An unknown application (a stale link, or one removed meanwhile): retrying cannot help, so it offers the way
 * back. Operators see every application, so for them it simply does not exist.
 */
function ApplicationNotFound({ clientId, isOperator }: { clientId: string; isOperator: boolean }) {
  return (
    <EmptyState titleText="Application not found" headingLevel="h2" status="warning">
      <EmptyStateBody>
        {isOperator
          ? `There is no application ${clientId}. It may have been removed in Keycloak, or the link is mistyped.`
          : `There is no application ${clientId} that you manage. It may have been removed, or you are not one of its credential managers: an operator can make you one.`}
      </EmptyStateBody>
      <EmptyStateFooter>
        <Link to={applicationsPage.to()}>Back to the applications</Link>
      </EmptyStateFooter>
    </EmptyState>
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
        ? 'As an operator you see its secrets and choose its credential managers below; only they create and delete its secrets. To rotate them yourself, ask another operator to make you a credential manager: operators cannot add themselves.'
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
