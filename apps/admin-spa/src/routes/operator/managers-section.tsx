// The credential managers of one application: everyone sees who they are (and a warning when the application
// depends on fewer than two people); operators can also find users, add them and remove direct managers. The
// last change made here is confirmed in one message that the next change replaces.
import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Spinner, Title } from '@patternfly/react-core';
import { managersQuery } from '../../api/queries.ts';
import type { ManagerList } from '@credman/api-contract';
import { AddManager } from './add-manager.tsx';
import { FEWER_THAN_TWO_MANAGERS } from '@credman/domain';
import { errorMessage } from './error-message.ts';
import { ManagerTable } from './manager-table.tsx';

export interface ManagersSectionProps {
  clientId: string;
  /** Operators may add and remove managers; everyone else only reads the list. */
  canEdit: boolean;
  /** The user of the console: an operator cannot make themselves a manager, so they are not offered. */
  selfId?: string | undefined;
}

export function ManagersSection({ clientId, canEdit, selfId }: ManagersSectionProps) {
  const headingId = useId();
  const managers = useQuery(managersQuery(clientId));
  const [lastChange, setLastChange] = useState<string | undefined>(undefined);
  return (
    <section aria-labelledby={headingId} className="credman-managers">
      <Title headingLevel="h2" id={headingId}>
        Credential managers
      </Title>
      {managers.isPending ? (
        <Spinner size="lg" aria-label="Loading credential managers" />
      ) : managers.isError ? (
        <Alert variant="danger" isInline component="h3" title="The credential managers could not be loaded">
          {errorMessage(managers.error)}
        </Alert>
      ) : (
        <>
          {lastChange === undefined ? null : (
            <Alert variant="success" isInline isLiveRegion title={lastChange} />
          )}
          <ManagerWarningAlert list={managers.data} canEdit={canEdit} />
          <ManagerTable
            clientId={clientId}
            list={managers.data}
            canEdit={canEdit}
            onRemoved={(manager) => {
              setLastChange(`${manager.name} is no longer a credential manager`);
            }}
          />
          {canEdit && (
            <AddManager
              clientId={clientId}
              managers={managers.data.managers}
              selfId={selfId}
              onAdded={(user) => {
                setLastChange(`${user.name} is now a credential manager`);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

function ManagerWarningAlert({ list, canEdit }: { list: ManagerList; canEdit: boolean }) {
  if (!list.warnings.includes(FEWER_THAN_TWO_MANAGERS)) return null;
  const none = list.managers.length === 0;
  const who = none
    ? 'Nobody can rotate the secrets of this application.'
    : 'Only one person can rotate the secrets of this application.';
  const wanted = none ? 'two managers' : 'a second manager';
  const next = canEdit
    ? `Add ${wanted} so that rotation does not stall when someone is away.`
    : `Ask an operator to add ${wanted} so that rotation does not stall when someone is away.`;
  return (
    <Alert variant="warning" isInline component="h3" title="Fewer than two credential managers">
      {who} {next}
    </Alert>
  );
}
