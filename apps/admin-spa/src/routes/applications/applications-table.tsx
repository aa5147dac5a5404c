// The applications as a table: client ID (link and copy button), the parts of its name, live secrets and the
// nearest expiry, or the damaged marker of an application whose credman records cannot be read
// (docs/architecture.md#damaged-metadata). Operators also see the last realm scan's judgement: managers and what
// needs doing (docs/architecture.md#the-operators-list-columns); a row the scan has not seen says so.
import { Link } from 'react-router';
import { Label } from '@patternfly/react-core';
import { ExclamationCircleIcon } from '@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon';
import { ExclamationTriangleIcon } from '@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ApplicationCondition, ApplicationSummary } from '@credman/api-contract';
import { CopyButton } from '../../components/copy-button.tsx';
import { formatDate, relativeDays } from '../../components/format.ts';
import { expiryState } from './expiry-state.ts';
import { REASON_LABELS } from '../overview/overview-data.ts';
import { applicationPage } from '@credman/domain';

export function ApplicationsTable({
  applications,
  withCondition = false,
}: {
  applications: ApplicationSummary[];
  /** Operators: the realm scan's columns. */
  withCondition?: boolean;
}) {
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
          {withCondition ? (
            <>
              <Th modifier="wrap">Managers</Th>
              <Th modifier="wrap">Needs (last scan)</Th>
            </>
          ) : null}
        </Tr>
      </Thead>
      <Tbody>
        {applications.map((application) => (
          <ApplicationRow
            key={application.clientId}
            application={application}
            withCondition={withCondition}
          />
        ))}
      </Tbody>
    </Table>
  );
}

function ApplicationRow({
  application,
  withCondition,
}: {
  application: ApplicationSummary;
  withCondition: boolean;
}) {
  const { clientId, name, liveSecrets, condition } = application;
  return (
    <Tr>
      {/* With the scan's columns the long client IDs would otherwise break letter by letter. */}
      <Td dataLabel="Client ID" className={withCondition ? 'credman-client-id-cell' : ''}>
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
      {withCondition ? (
        <>
          <Td dataLabel="Managers">{condition === undefined ? '—' : (condition.managers ?? 'unknown')}</Td>
          <Td dataLabel="Needs (last scan)">
            {condition === undefined ? 'Not scanned yet' : <Needs condition={condition} />}
          </Td>
        </>
      ) : null}
    </Tr>
  );
}

/**
 * The scan's reasons as labels; an expired one carries the last day its secret worked (the scan keeps the first
 * instant it no longer did). An expiring one needs no date: the nearest expiry beside it is read live.
 */
function Needs({ condition }: { condition: ApplicationCondition }) {
  if (condition.reasons.length === 0) return <span>Nothing</span>;
  const text = (reason: ApplicationCondition['reasons'][number]) =>
    reason === 'expired' && condition.expiredAt !== null
      ? `Expired ${formatDate(new Date(Date.parse(condition.expiredAt) - 1000).toISOString())}`
      : REASON_LABELS[reason];
  // Plain lines, not labels: a label does not wrap, and eight columns leave this one little width.
  return (
    <ul className="credman-needs">
      {condition.reasons.map((reason) => (
        <li key={reason}>
          {reason === 'fewer-than-two-managers' ? (
            <ExclamationTriangleIcon className="credman-warning-icon" />
          ) : (
            <ExclamationCircleIcon className="credman-danger-icon" />
          )}{' '}
          {text(reason)}
        </li>
      ))}
    </ul>
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
