// The application's secrets: the live (and expired) ones with their actions, and the history of deleted and
// lost ones. At most two secrets live at once, so the create button explains when it is disabled.
import { useEffect, useState } from 'react';
import {
  Button,
  Content,
  ExpandableSection,
  Flex,
  FlexItem,
  HelperText,
  HelperTextItem,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ApplicationDetail, Secret } from '../../api/types.ts';
import { isLive } from '../../api/types.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { formatDate, formatDateTime, relativeDays } from '../../components/format.ts';
import { SecretStatusLabel } from '../../components/secret-status-label.tsx';
import { CreateSecretModal } from './create-secret-modal.tsx';
import { DeleteSecretModal } from './delete-secret-modal.tsx';
import { lastUseText } from './last-use.ts';

const MAX_LIVE_SECRETS = 2;
const SECRETS_HEADING_ID = 'credman-secrets';

export function SecretsSection({ application }: { application: ApplicationDetail }) {
  const { user } = useAuth();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Secret | undefined>(undefined);
  const [focusHeading, setFocusHeading] = useState(false);
  // After a deletion the row and the button that opened the dialog are gone: once the dialog (and its focus
  // trap) has unmounted, give focus a place that still exists instead of leaving it on the page body.
  useEffect(() => {
    if (!focusHeading || deleting !== undefined) return;
    document.getElementById(SECRETS_HEADING_ID)?.focus();
    setFocusHeading(false);
  }, [focusHeading, deleting]);
  const current = application.secrets.filter((secret) => isLive(secret) || secret.status === 'expired');
  const history = application.secrets.filter(
    (secret) => secret.status === 'deleted' || secret.status === 'lost',
  );
  const liveCount = application.secrets.filter(isLive).length;
  const atLimit = liveCount >= MAX_LIVE_SECRETS;

  return (
    <section className="credman-section" aria-labelledby={SECRETS_HEADING_ID}>
      <Flex
        justifyContent={{ default: 'justifyContentSpaceBetween' }}
        alignItems={{ default: 'alignItemsCenter' }}
      >
        <FlexItem>
          <Title headingLevel="h2" id={SECRETS_HEADING_ID} tabIndex={-1}>
            Secrets
          </Title>
        </FlexItem>
        <FlexItem>
          <Button
            variant="primary"
            // aria-disabled keeps the button focusable, so keyboard and screen-reader users meet the reason.
            isAriaDisabled={atLimit || user === undefined}
            aria-describedby={atLimit ? 'credman-create-disabled-reason' : undefined}
            onClick={() => {
              setCreating(true);
            }}
          >
            Create secret
          </Button>
        </FlexItem>
      </Flex>
      {atLimit ? (
        <HelperText id="credman-create-disabled-reason">
          <HelperTextItem variant="warning">
            This application has two live secrets, the most it can hold. Delete one first to create a new one.
          </HelperTextItem>
        </HelperText>
      ) : null}
      {current.length === 0 ? (
        <Content component="p">No live secret. Create one so your systems can get tokens.</Content>
      ) : (
        <SecretTable
          secrets={current}
          onDelete={(secret) => {
            setDeleting(secret);
          }}
        />
      )}
      {history.length === 0 ? null : (
        <ExpandableSection toggleText={`History (${String(history.length)} ended secrets)`}>
          <HistoryTable secrets={history} />
        </ExpandableSection>
      )}
      {creating ? (
        <CreateSecretModal
          clientId={application.clientId}
          onClose={() => {
            setCreating(false);
          }}
        />
      ) : null}
      {deleting === undefined ? null : (
        <DeleteSecretModal
          clientId={application.clientId}
          secret={deleting}
          isOnlyLiveSecret={isLive(deleting) && liveCount === 1}
          onClose={() => {
            setDeleting(undefined);
          }}
          onDeleted={() => {
            setDeleting(undefined);
            setFocusHeading(true);
          }}
        />
      )}
    </section>
  );
}

function SecretTable({ secrets, onDelete }: { secrets: Secret[]; onDelete: (secret: Secret) => void }) {
  return (
    <Table aria-label="Secrets" variant="compact">
      <Thead>
        <Tr>
          <Th modifier="wrap">Name</Th>
          <Th modifier="wrap">Starts with</Th>
          <Th modifier="wrap">Created</Th>
          <Th modifier="wrap">Expires</Th>
          <Th modifier="wrap">Status</Th>
          <Th modifier="wrap">Last used</Th>
          <Th screenReaderText="Actions" />
        </Tr>
      </Thead>
      <Tbody>
        {secrets.map((secret) => (
          <Tr key={secret.id} className={secret.status === 'expired' ? 'credman-row-ended' : undefined}>
            <Td dataLabel="Name">{secret.name}</Td>
            <Td dataLabel="Starts with">
              <code>{secret.hint}…</code>
            </Td>
            <Td dataLabel="Created">
              {formatDateTime(secret.createdAt)} by {secret.createdBy.name}
            </Td>
            <Td dataLabel="Expires">
              {formatDate(secret.expiresAt)} ({relativeDays(secret.expiresAt)})
            </Td>
            <Td dataLabel="Status">
              <SecretStatusLabel status={secret.status} />
            </Td>
            <Td dataLabel="Last used">{lastUseText(secret)}</Td>
            <Td dataLabel="Actions">
              {isLive(secret) ? (
                <Button
                  variant="secondary"
                  isDanger
                  aria-label={`Delete secret ${secret.name}`}
                  onClick={() => {
                    onDelete(secret);
                  }}
                >
                  Delete
                </Button>
              ) : null}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function HistoryTable({ secrets }: { secrets: Secret[] }) {
  return (
    <Table aria-label="Ended secrets" variant="compact">
      <Thead>
        <Tr>
          <Th modifier="wrap">Name</Th>
          <Th modifier="wrap">Starts with</Th>
          <Th modifier="wrap">Created</Th>
          <Th modifier="wrap">Ended</Th>
          <Th modifier="wrap">Status</Th>
        </Tr>
      </Thead>
      <Tbody>
        {secrets.map((secret) => (
          <Tr key={secret.id} className="credman-row-ended">
            <Td dataLabel="Name">{secret.name}</Td>
            <Td dataLabel="Starts with">
              <code>{secret.hint}…</code>
            </Td>
            <Td dataLabel="Created">
              {formatDateTime(secret.createdAt)} by {secret.createdBy.name}
            </Td>
            <Td dataLabel="Ended">{secret.endedAt === undefined ? '' : formatDateTime(secret.endedAt)}</Td>
            <Td dataLabel="Status">
              <SecretStatusLabel status={secret.status} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
