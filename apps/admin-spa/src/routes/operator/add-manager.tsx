// Operators find users (one request per submitted search) and add one as a credential manager.
import { useId, useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Form,
  FormGroup,
  InputGroup,
  InputGroupItem,
  Spinner,
  TextInput,
  Title,
} from '@patternfly/react-core';
import type { Manager, UserAccount } from '@credman/api-contract';
import { addManager, userSearchQuery } from './api.ts';
import { errorMessage } from './error-message.ts';
import { updateAfterChange } from './manager-changes.ts';
import { UserResults } from './user-results.tsx';

export function AddManager(props: {
  clientId: string;
  managers: Manager[];
  /** The operator using the console (never offered: a second operator must add them). */
  selfId: string | undefined;
  onAdded: (user: UserAccount) => void;
}) {
  const { clientId } = props;
  const [search, setSearch] = useState<string | null>(null);
  const users = useQuery({ ...userSearchQuery(search ?? ''), enabled: search !== null });
  const queryClient = useQueryClient();
  const add = useMutation({
    mutationFn: (user: UserAccount) => addManager(clientId, user.id),
    onSuccess: async (result, user) => {
      await updateAfterChange(queryClient, clientId, result);
      props.onAdded(user);
    },
  });
  return (
    <>
      <Title headingLevel="h3">Add a credential manager</Title>
      <UserSearchForm onSearch={setSearch} />
      {add.isError && (
        <Alert variant="danger" isInline component="h3" title="The manager was not added">
          {errorMessage(add.error)}
        </Alert>
      )}
      {search === null ? null : users.isPending ? (
        <Spinner size="md" aria-label="Searching users" />
      ) : users.isError ? (
        <Alert variant="danger" isInline title="The users could not be searched">
          {errorMessage(users.error)}
        </Alert>
      ) : users.data.users.length === 0 ? (
        <p>No user matches “{search}”.</p>
      ) : (
        <UserResults
          users={users.data.users}
          managerIds={new Set(props.managers.map((manager) => manager.id))}
          selfId={props.selfId}
          adding={add.isPending ? add.variables.id : undefined}
          onAdd={(user) => {
            add.mutate(user);
          }}
        />
      )}
    </>
  );
}

/** The search runs when the operator submits, not on every keystroke: one request per search. */
function UserSearchForm({ onSearch }: { onSearch: (search: string) => void }) {
  const inputId = useId();
  const [draft, setDraft] = useState('');
  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    onSearch(draft.trim());
  };
  return (
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
  );
}
