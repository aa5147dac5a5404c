// The application's audit trail, newest first.
import { useQuery } from '@tanstack/react-query';
import { Content, Spinner, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { auditQuery } from '../../api/queries.ts';
import type { AuditEntry } from '@credman/api-contract';
import { formatDateTime } from '../../components/format.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';

const ACTION_TEXT: Record<string, string> = {
  created: 'Secret created',
  deleted: 'Secret deleted',
  expired: 'Secret expired',
  lost: 'Secret removed outside credman',
  adopted: 'Secret set outside credman taken over',
  'manager-added': 'Manager added',
  'manager-removed': 'Manager removed',
  'application-created': 'Application created',
  'undelivered-removed': 'Secret nobody received removed',
  'application-edited': 'Application edited',
  edited: 'Secret edited',
  archived: 'Oldest entries moved to the log',
};

function actionText(entry: AuditEntry): string {
  const text = ACTION_TEXT[entry.action] ?? entry.action;
  const what = entry.changed === undefined ? text : `${text}: ${entry.changed.join(' and ')}`;
  // A compacted entry (docs/architecture.md#audit-retention): repeated edits, or the entries archived.
  const since = entry.since === undefined ? '' : ` since ${formatDateTime(entry.since)}`;
  if (entry.action === 'archived') return `${what}: ${String(entry.count ?? 1)} entries${since}`;
  return entry.count === undefined ? what : `${what} (${String(entry.count)} times${since})`;
}

export function AuditSection({ clientId }: { clientId: string }) {
  const audit = useQuery(auditQuery(clientId));
  return (
    <section className="credman-section" aria-labelledby="credman-audit">
      <Title headingLevel="h2" id="credman-audit">
        Audit history
      </Title>
      {audit.isPending ? (
        <Spinner aria-label="Loading the audit history" />
      ) : audit.isError ? (
        <ProblemAlert error={audit.error} onRetry={() => void audit.refetch()} headingLevel="h3" />
      ) : audit.data.entries.length === 0 ? (
        <Content component="p">Nothing has happened yet.</Content>
      ) : (
        <Table aria-label="Audit history" variant="compact">
          <Thead>
            <Tr>
              <Th modifier="wrap">When</Th>
              <Th modifier="wrap">What</Th>
              <Th modifier="wrap">Who</Th>
              <Th modifier="wrap">Concerning</Th>
            </Tr>
          </Thead>
          <Tbody>
            {audit.data.entries.map((entry, index) => (
              // Entries have no id; the trail is append-only and newest first, so the position is stable enough.
              <Tr key={`${entry.at}-${String(index)}`}>
                <Td dataLabel="When">{formatDateTime(entry.at)}</Td>
                <Td dataLabel="What">{actionText(entry)}</Td>
                <Td dataLabel="Who">{entry.actor?.name ?? 'credman'}</Td>
                <Td dataLabel="Concerning">{concerning(entry)}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </section>
  );
}

function concerning(entry: AuditEntry): string {
  if (entry.secret !== undefined) {
    const hint = entry.secret.hint === undefined ? '' : ` (${entry.secret.hint}…)`;
    return `${entry.secret.name ?? 'a secret'}${hint}`;
  }
  // The full name, as the Who column shows the actor's; entries recorded before names were kept have only the username.
  return entry.subject?.name ?? entry.subject?.username ?? '';
}
