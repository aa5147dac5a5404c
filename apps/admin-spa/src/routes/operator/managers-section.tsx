// The credential managers of one application: everyone sees who they are (and a warning when the application
// depends on fewer than two people); operators can also find users, add them and remove direct managers.
import { useId, useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Form,
  FormGroup,
  InputGroup,
  InputGroupItem,
  Label,
  Spinner,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { managersQuery, queryKeys } from '../../api/queries.ts';
import type { Manager, ManagerList } from '../../api/types.ts';
import { FEWER_THAN_TWO_MANAGERS, addManager, removeManager, userSearchQuery } from './api.ts';
import type { UserAccount } from './api.ts';
import { errorMessage } from './error-message.ts';

export interface ManagersSectionProps {
  clientId: string;
  /** Operators may add and remove managers; everyone else only reads the list. */
  canEdit: boolean;
}

export function ManagersSection({ clientId, canEdit }: ManagersSectionProps) {
  const headingId = useId();
  const managers = useQuery(managersQuery(clientId));
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
          <ManagerWarningAlert list={managers.data} canEdit={canEdit} />
          <ManagerTable clientId={clientId} list={managers.data} canEdit={canEdit} />
          {canEdit && <AddManager clientId={clientId} managers={managers.data.managers} />}
        </>
      )}
    </section>
  );
}

/**
 * The change's answer is the new manager list; the rest of the application (audit trail) and the caller's own
 * rights (an operator may have added themselves) are refetched.
 */
function updateAfterChange(queryClient: QueryClient, clientId: string, result: ManagerList): Promise<void> {
  queryClient.setQueryData(queryKeys.managers(clientId), result);
  return Promise.all([
    queryClient.invalidateQueries({
      queryKey: queryKeys.application(clientId),
      predicate: (query) => query.queryKey[2] !== 'managers',
    }),
    queryClient.invalidateQueries({ queryKey: queryKeys.me }),
  ]).then(() => undefined);
}

function ManagerWarningAlert({ list, canEdit }: { list: ManagerList; canEdit: boolean }) {
  if (!list.warnings.includes(FEWER_THAN_TWO_MANAGERS)) return null;
  const who =
    list.managers.length === 0
      ? 'Nobody can rotate the secrets of this application.'
      : 'Only one person can rotate the secrets of this application.';
  const next = canEdit
    ? 'Add a second manager so that rotation does not stall when someone is away.'
    : 'Ask an operator to add a second manager so that rotation does not stall when someone is away.';
  return (
    <Alert variant="warning" isInline component="h3" title="Fewer than two credential managers">
      {who} {next}
    </Alert>
  );
}

function viaText(via: string): string {
  return via.startsWith('group:') ? `Group ${via.slice('group:'.length)}` : 'Direct';
}

function ManagerTable({
  clientId,
  list,
  canEdit,
}: {
  clientId: string;
  list: ManagerList;
  canEdit: boolean;
}) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (manager: Manager) => removeManager(clientId, manager.id),
    onSuccess: (result) => updateAfterChange(queryClient, clientId, result),
  });
  if (list.managers.length === 0) {
    return <p>This application has no credential managers.</p>;
  }
  return (
    <>
      {remove.isError && (
        <Alert variant="danger" isInline component="h3" title="The manager was not removed">
          {errorMessage(remove.error)}
        </Alert>
      )}
      <Table aria-label="Credential managers" variant="compact">
        <Thead>
          <Tr>
            <Th>Name</Th>
            <Th>Username</Th>
            <Th>Email</Th>
            <Th>Manager through</Th>
            {canEdit && <Th screenReaderText="Actions" />}
          </Tr>
        </Thead>
        <Tbody>
          {list.managers.map((manager) => (
            <Tr key={manager.id}>
              <Td dataLabel="Name">{manager.name}</Td>
              <Td dataLabel="Username">{manager.username}</Td>
              <Td dataLabel="Email">
                {manager.email ?? '—'}{' '}
                {manager.email !== null && !manager.emailVerified && (
                  <Label color="orange">not verified</Label>
                )}
              </Td>
              <Td dataLabel="Manager through">{viaText(manager.via)}</Td>
              {canEdit && (
                <Td dataLabel="Actions">
                  {manager.via === 'direct' ? (
                    <Button
                      variant="secondary"
                      isDanger
                      size="sm"
                      aria-label={`Remove ${manager.name} as credential manager`}
                      isLoading={remove.isPending && remove.variables.id === manager.id}
                      isDisabled={remove.isPending}
                      onClick={() => {
                        remove.mutate(manager);
                      }}
                    >
                      Remove
                    </Button>
                  ) : (
                    // Keycloak grants the role through the group; credman does not edit groups.
                    <span>Change the group in Keycloak to remove</span>
                  )}
                </Td>
              )}
            </Tr>
          ))}
        </Tbody>
      </Table>
    </>
  );
}

function AddManager({ clientId, managers }: { clientId: string; managers: Manager[] }) {
  const inputId = useId();
  const [draft, setDraft] = useState('');
  // The search runs when the operator submits, not on every keystroke: one request per search.
  const [search, setSearch] = useState<string | null>(null);
  const users = useQuery({ ...userSearchQuery(search ?? ''), enabled: search !== null });
  const queryClient = useQueryClient();
  const add = useMutation({
    mutationFn: (user: UserAccount) => addManager(clientId, user.id),
    onSuccess: (result) => updateAfterChange(queryClient, clientId, result),
  });
  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSearch(draft.trim());
  };
  const managerIds = new Set(managers.map((manager) => manager.id));

  return (
    <>
      <Title headingLevel="h3">Add a credential manager</Title>
      <Form onSubmit={onSubmit} role="search" aria-label="Find users">
        <FormGroup label="Find users" fieldId={inputId}>
          <InputGroup>
            <InputGroupItem isFill>
              <TextInput
                id={inputId}
                type="search"
                value={draft}
                placeholder="Name, username or email"
                onChange={(_event, value) => {
                  setDraft(value);
                }}
              />
            </InputGroupItem>
            <InputGroupItem>
              <Button type="submit" variant="control">
                Search
              </Button>
            </InputGroupItem>
          </InputGroup>
        </FormGroup>
      </Form>
      {add.isError && (
        <Alert variant="danger" isInline component="h3" title="The manager was not added">
          {errorMessage(add.error)}
        </Alert>
      )}
      {add.isSuccess && (
        <Alert variant="success" isInline title={`${add.variables.name} is now a credential manager`} />
      )}
      {search !== null &&
        (users.isPending ? (
          <Spinner size="md" aria-label="Searching users" />
        ) : users.isError ? (
          <Alert variant="danger" isInline title="The users could not be searched">
            {errorMessage(users.error)}
          </Alert>
        ) : users.data.users.length === 0 ? (
          <p>No user matches “{search}”.</p>
        ) : (
          <Table aria-label="Matching users" variant="compact">
            <Thead>
              <Tr>
                <Th>Name</Th>
                <Th>Username</Th>
                <Th>Email</Th>
                <Th screenReaderText="Actions" />
              </Tr>
            </Thead>
            <Tbody>
              {users.data.users.map((user) => (
                <Tr key={user.id}>
                  <Td dataLabel="Name">{user.name}</Td>
                  <Td dataLabel="Username">{user.username}</Td>
                  <Td dataLabel="Email">{user.email ?? '—'}</Td>
                  <Td dataLabel="Actions">
                    {managerIds.has(user.id) ? (
                      <span>Already a manager</span>
                    ) : user.emailVerified ? (
                      <Button
                        variant="secondary"
                        size="sm"
                        aria-label={`Add ${user.name} as credential manager`}
                        isLoading={add.isPending && add.variables.id === user.id}
                        isDisabled={add.isPending}
                        onClick={() => {
                          add.mutate(user);
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
        ))}
    </>
  );
}
