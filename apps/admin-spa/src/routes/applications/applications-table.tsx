// The applications as a table: client ID (link and copy button), the parts of its name, live secrets and the
// nearest expiry, or the damaged marker of an application whose credman records cannot be read
// (docs/architecture.md#damaged-metadata).
import { Link } from 'react-router';
import { Label } from '@patternfly/react-core';
import { ExclamationCircleIcon } from '@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon';
import { ExclamationTriangleIcon } from '@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ApplicationSummary } from '@credman/api-contract';
import { CopyButton } from '../../components/copy-button.tsx';
import { formatDate, relativeDays } from '../../components/format.ts';
import { expiryState } from './expiry-state.ts';
import { applicationPage } from '@credman/domain';

export function ApplicationsTable({ applications }: { applications: ApplicationSummary[] }) {
  return (
    <Table aria-label="Applications" variant="compact">
      <Thead>
        <Tr>
          <Th modifier="wrap">Client ID</Th>
          <Th modifier="wrap">Country</Th>
          <Th modifier="wrap">Organisation</Th>
          <Th modifier="wrap">API</Th>
          <Th modifier="wrap">Live secrets</Th>
          <Th modifier="wrap">Nearest expiry</Th>
        </Tr>
      </Thead>
      <Tbody>
        {applications.map((application) => (
          <ApplicationRow key={application.clientId} application={application} />
        ))}
      </Tbody>
    </Table>
  );
}

function ApplicationRow({ application }: { application: ApplicationSummary }) {
  const { clientId, name, liveSecrets } = application;
  return (
    <Tr>
      <Td dataLabel="Client ID">
        <span className="credman-client-id">
          <Link to={applicationPage.to({ clientId })}>{clientId}</Link>
          <CopyButton text={clientId} label={`Copy client ID ${clientId}`} />
        </span>
      </Td>
      <Td dataLabel="Country">
        {name.countryName} ({name.country})
      </Td>
      <Td dataLabel="Organisation">{name.organisation}</Td>
      <Td dataLabel="API">
        {name.apiName} ({name.api}){' '}
        {name.sandboxOnly ? (
          <Label color="purple" isCompact>
            Sandbox
          </Label>
        ) : null}
      </Td>
      <Td dataLabel="Live secrets">{liveSecrets}</Td>
      <Td dataLabel="Nearest expiry">
        <NearestExpiry application={application} />
      </Td>
    </Tr>
  );
}

function NearestExpiry({ application }: { application: ApplicationSummary }) {
  const { nearestExpiry, damaged } = application;
  if (damaged !== undefined)
    return (
      <span>
        <Label status="danger" icon={<ExclamationCircleIcon />} isCompact>
          Damaged records
        </Label>{' '}
        <span className="credman-damaged-attribute">
          <code>{damaged.attribute}</code> cannot be read: an operator must repair it in Keycloak
        </span>
      </span>
    );
  if (nearestExpiry === undefined)
    return (
      <span>
        <NeedsAction /> No live secret
      </span>
    );
  return (
    <span>
      {expiryState(application) === 'expiring-without-successor' ? (
        <ExclamationTriangleIcon
          className="credman-warning-icon"
          aria-label="Expires within 30 days, no replacement yet"
        />
      ) : null}{' '}
      {formatDate(nearestExpiry.expiresAt)} ({relativeDays(nearestExpiry.expiresAt)})
      {expiryState(application) === 'rotation-in-progress' ? (
        <>
          {' '}
          <Label color="blue" isCompact>
            Rotation in progress
          </Label>
        </>
      ) : null}
    </span>
  );
}

/** No live secret (never created, or every one expired or deleted): no system of this application gets a token. */
function NeedsAction() {
  return (
    <Label status="danger" icon={<ExclamationCircleIcon />} isCompact>
      Needs action
    </Label>
  );
}
