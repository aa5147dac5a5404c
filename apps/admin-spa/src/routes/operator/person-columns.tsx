// The columns that say who a user is, shared by the managers table and the user search results.
import type { ReactNode } from 'react';
import { Td, Th } from '@patternfly/react-table';
import type { User } from '@credman/api-contract';

export function PersonHeaders() {
  return (
    <>
      <Th modifier="wrap">Name</Th>
      <Th modifier="wrap">Username</Th>
      <Th modifier="wrap">Email</Th>
    </>
  );
}

/** `emailNote`, when given, follows the address (e.g. that it is not verified). */
export function PersonCells(props: {
  person: Pick<User, 'name' | 'username' | 'email'>;
  emailNote?: ReactNode;
}) {
  const { person, emailNote } = props;
  return (
    <>
      <Td dataLabel="Name">{person.name}</Td>
      <Td dataLabel="Username">{person.username}</Td>
      <Td dataLabel="Email" className="credman-break-anywhere">
        {person.email ?? '—'}
        {emailNote === undefined ? null : <> {emailNote}</>}
      </Td>
    </>
  );
}
