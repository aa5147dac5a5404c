// The credential managers as a table; operators get a Remove button for direct managers, which asks first.
import { useState } from 'react';
import { Button, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { Manager, ManagerList } from '@credman/api-contract';
import { PersonCells, PersonHeaders } from './person-columns.tsx';
import { RemoveManagerModal } from './remove-manager-modal.tsx';

function viaText(via: string): string {
  return via.startsWith('group:') ? `Group ${via.slice('group:'.length)}` : 'Direct';
}

export function ManagerTable(props: {
  clientId: string;
  list: ManagerList;
  canEdit: boolean;
  onRemoved: (manager: Manager) => void;
}) {
  const { list, canEdit } = props;
  const [removing, setRemoving] = useState<Manager | undefined>(undefined);
  if (list.managers.length === 0) return <p>This application has no credential managers.</p>;
  return (
    <>
      <Table aria-label="Credential managers" variant="compact">
        <Thead>
          <Tr>
            <PersonHeaders />
            <Th modifier="wrap">Manager through</Th>
            {canEdit && <Th screenReaderText="Actions" />}
          </Tr>
        </Thead>
        <Tbody>
          {list.managers.map((manager) => (
            <Tr key={manager.id}>
              <PersonCells
                person={manager}
                emailNote={
                  manager.email !== null &&
                  !manager.emailVerified && <Label color="orange">not verified</Label>
                }
              />
              <Td dataLabel="Manager through">{viaText(manager.via)}</Td>
              {canEdit && (
                <Td dataLabel="Actions">
                  <RemoveAction manager={manager} onRemove={setRemoving} />
                </Td>
              )}
            </Tr>
          ))}
        </Tbody>
      </Table>
      {removing === undefined ? null : (
        <RemoveManagerModal
          clientId={props.clientId}
          manager={removing}
          managerCount={list.managers.length}
          onClose={() => {
            setRemoving(undefined);
          }}
          onRemoved={(manager) => {
            setRemoving(undefined);
            props.onRemoved(manager);
          }}
        />
      )}
    </>
  );
}

function RemoveAction({ manager, onRemove }: { manager: Manager; onRemove: (manager: Manager) => void }) {
  // Keycloak grants the role through the group; credman does not edit groups.
  if (manager.via !== 'direct') return <span>Change the group in Keycloak to remove</span>;
  return (
    <Button
      variant="secondary"
      isDanger
      size="sm"
      aria-label={`Remove ${manager.name} as credential manager`}
      onClick={() => {
        onRemove(manager);
      }}
    >
      Remove
    </Button>
  );
}
