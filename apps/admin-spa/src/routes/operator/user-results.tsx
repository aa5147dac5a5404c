// Users matching a search, each with what can be done: add, already a manager, or why they cannot be added
// (no verified email; the operator themselves).
import { Button } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { UserAccount } from '@credman/api-contract';
import { PersonCells, PersonHeaders } from './person-columns.tsx';

export function UserResults(props: {
  users: UserAccount[];
  managerIds: Set<string>;
  /** The operator using the console: they cannot make themselves a manager. */
  selfId: string | undefined;
  /** The user being added, while the request runs. */
  adding: string | undefined;
  onAdd: (user: UserAccount) => void;
}) {
  return (
    <Table aria-label="Matching users" variant="compact">
      <Thead>
        <Tr>
          <PersonHeaders />
          <Th screenReaderText="Actions" />
        </Tr>
      </Thead>
      <Tbody>
        {props.users.map((user) => (
          <Tr key={user.id}>
            <PersonCells person={user} />
            <Td dataLabel="Actions">
              {props.managerIds.has(user.id) ? (
                <span>Already a manager</span>
              ) : user.id === props.selfId ? (
                // The API refuses it (self-assignment-refused): a second operator must add you.
                <span>You cannot add yourself; another operator can add you</span>
              ) : user.emailVerified ? (
                <Button
                  variant="secondary"
                  size="sm"
                  aria-label={`Add ${user.name} as credential manager`}
                  isLoading={props.adding === user.id}
                  isDisabled={props.adding !== undefined}
                  onClick={() => {
                    props.onAdd(user);
                  }}
                >
                  Add
                </Button>
              ) : (
                // The API refuses these users; say why instead of offering a button that fails.
                <span>Cannot be added: no verified email address</span>
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
