// The secrets as tables: the live (and expired, greyed) ones with their edit and delete actions for managers
// (compact inline links, as Keycloak's console puts row actions), and the history of deleted and lost ones.
// Notes show under the name, so the table keeps its columns; a long name wraps instead of pushing the actions out.
import { Button, Flex, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { Secret } from '@credman/api-contract';
import { isLive } from '../../api/live-secret.ts';
import { formatDate, formatDateTime, relativeDays } from '../../components/format.ts';
import { SecretStatusLabel } from '../../components/secret-status-label.tsx';
import { lastUseText, retiredUseText, usageText } from './last-use.ts';

/** The name and, under it, the notes of a secret. */
function SecretName({ secret }: { secret: Secret }) {
  return (
    <>
      <span className="credman-secret-name">{secret.name}</span>
      {secret.notes === undefined ? null : <div className="credman-secret-notes">{secret.notes}</div>}
    </>
  );
}

/** The columns both tables start with: which secret it is, and who created it when. */
function IdentityHeaders() {
  return (
    <>
      <Th modifier="wrap">Name</Th>
      <Th modifier="wrap">Starts with</Th>
      <Th modifier="wrap">Created</Th>
    </>
  );
}

function IdentityCells({ secret }: { secret: Secret }) {
  return (
    <>
      <Td dataLabel="Name">
        <SecretName secret={secret} />
      </Td>
      <Td dataLabel="Starts with">
        <code>{secret.hint}…</code>
      </Td>
      <Td dataLabel="Created">
        {formatDateTime(secret.createdAt)} by {secret.createdBy.name}
      </Td>
    </>
  );
}

/** The last use, with the counts and addresses under it, and the mark of an ended secret still presented. */
function LastUse({ secret }: { secret: Secret }) {
  const usage = usageText(secret);
  return (
    <>
      {lastUseText(secret)}
      {usage === undefined ? null : <div className="credman-secret-notes">{usage}</div>}
      <RetiredUseMark secret={secret} />
    </>
  );
}

/** An ended secret that systems still present (Keycloak refused them): the row's mark. */
function RetiredUseMark({ secret }: { secret: Secret }) {
  const text = retiredUseText(secret);
  if (text === undefined) return null;
  return (
    <div className="credman-retired-use" data-testid={`retired-use-${secret.id}`}>
      <Label color="red" isCompact>
        Still presented
      </Label>{' '}
      {text}
    </div>
  );
}

export function SecretTable({
  secrets,
  onDelete,
  onEdit,
}: {
  secrets: Secret[];
  onDelete?: (secret: Secret) => void;
  onEdit?: (secret: Secret) => void;
}) {
  return (
    <Table aria-label="Secrets" variant="compact">
      <Thead>
        <Tr>
          <IdentityHeaders />
          <Th modifier="wrap">Expires</Th>
          <Th modifier="wrap">Status</Th>
          <Th modifier="wrap">Last used</Th>
          {onDelete === undefined ? null : <Th screenReaderText="Actions" />}
        </Tr>
      </Thead>
      <Tbody>
        {secrets.map((secret) => (
          <SecretRow key={secret.id} secret={secret} onDelete={onDelete} onEdit={onEdit} />
        ))}
      </Tbody>
    </Table>
  );
}

function SecretRow({
  secret,
  onDelete,
  onEdit,
}: {
  secret: Secret;
  onDelete: ((secret: Secret) => void) | undefined;
  onEdit: ((secret: Secret) => void) | undefined;
}) {
  return (
    <Tr className={secret.status === 'expired' ? 'credman-row-ended' : ''}>
      <IdentityCells secret={secret} />
      <Td dataLabel="Expires">
        {formatDate(secret.expiresAt)} ({relativeDays(secret.expiresAt)})
      </Td>
      <Td dataLabel="Status">
        <SecretStatusLabel status={secret.status} />
      </Td>
      <Td dataLabel="Last used">
        <LastUse secret={secret} />
      </Td>
      {onDelete === undefined ? null : (
        <Td dataLabel="Actions" isActionCell>
          {isLive(secret) ? (
            <Flex flexWrap={{ default: 'nowrap' }} spaceItems={{ default: 'spaceItemsSm' }}>
              {onEdit === undefined ? null : (
                <Button
                  variant="link"
                  isInline
                  aria-label={`Edit secret ${secret.name}`}
                  onClick={() => {
                    onEdit(secret);
                  }}
                >
                  Edit
                </Button>
              )}
              <Button
                variant="link"
                isInline
                isDanger
                aria-label={`Delete secret ${secret.name}`}
                onClick={() => {
                  onDelete(secret);
                }}
              >
                Delete
              </Button>
            </Flex>
          ) : null}
        </Td>
      )}
    </Tr>
  );
}

export function HistoryTable({ secrets }: { secrets: Secret[] }) {
  return (
    <Table aria-label="Ended secrets" variant="compact">
      <Thead>
        <Tr>
          <IdentityHeaders />
          <Th modifier="wrap">Ended</Th>
          <Th modifier="wrap">Status</Th>
          <Th modifier="wrap">Presented since</Th>
        </Tr>
      </Thead>
      <Tbody>
        {secrets.map((secret) => (
          <Tr key={secret.id} className="credman-row-ended">
            <IdentityCells secret={secret} />
            <Td dataLabel="Ended">{secret.endedAt === undefined ? '' : formatDateTime(secret.endedAt)}</Td>
            <Td dataLabel="Status">
              <SecretStatusLabel status={secret.status} />
            </Td>
            <Td dataLabel="Presented since">
              {secret.retiredUse === undefined ? 'Not seen' : <RetiredUseMark secret={secret} />}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

/** "History (1 ended secret)", "History (3 ended secrets)". */
export function historyToggleText(count: number): string {
  return `History (${String(count)} ended ${count === 1 ? 'secret' : 'secrets'})`;
}
