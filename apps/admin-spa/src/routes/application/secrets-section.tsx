// The application's secrets: the live (and expired) ones and the history of deleted and lost ones. Its
// credential managers also create, edit and delete them here (at most two live at once, so the create button says
// why it is disabled); anyone else, operators included, only reads.
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
import { MAX_LIVE_SECRETS } from '@credman/domain';
import type { ApplicationDetail, Secret } from '@credman/api-contract';
import { isLive } from '../../api/live-secret.ts';
import { CreateSecretModal } from './create-secret-modal.tsx';
import { DeleteSecretModal } from './delete-secret-modal.tsx';
import { EditSecretModal } from './edit-secret-modal.tsx';
import { attributionNote } from './last-use.ts';
import { useSecretOutcomes } from './secret-outcome.ts';
import { HistoryTable, SecretTable, historyToggleText } from './secret-tables.tsx';

const SECRETS_HEADING_ID = 'credman-secrets';

export function SecretsSection({
  application,
  canManage,
}: {
  application: ApplicationDetail;
  canManage: boolean;
}) {
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Secret | undefined>(undefined);
  const [editing, setEditing] = useState<Secret | undefined>(undefined);
  const focusHeadingLater = useFocusHeadingAfterDelete(deleting);
  const liveCount = application.secrets.filter(isLive).length;

  return (
    <section className="credman-section" aria-labelledby={SECRETS_HEADING_ID}>
      <SecretsHeader
        canManage={canManage}
        atLimit={liveCount >= MAX_LIVE_SECRETS}
        onCreate={() => {
          setCreating(true);
        }}
      />
      <SecretTables
        secrets={application.secrets}
        canManage={canManage}
        {...(canManage ? { onDelete: setDeleting, onEdit: setEditing } : {})}
      />
      <AttributionNote application={application} />
      {creating ? (
        <CreateSecretModal
          clientId={application.clientId}
          onClose={() => {
            setCreating(false);
          }}
        />
      ) : null}
      <ChangeDialogs
        clientId={application.clientId}
        editing={editing}
        deleting={deleting}
        isOnlyLiveSecret={deleting !== undefined && isLive(deleting) && liveCount === 1}
        onEditDone={() => {
          setEditing(undefined);
        }}
        onDeleteDone={(removed) => {
          setDeleting(undefined);
          // The row and the button that opened the dialog are gone.
          if (removed) focusHeadingLater();
        }}
      />
    </section>
  );
}

/** The edit and delete dialogs of one secret, and the toasts that tell how it went. */
function ChangeDialogs(props: {
  clientId: string;
  editing: Secret | undefined;
  deleting: Secret | undefined;
  isOnlyLiveSecret: boolean;
  onEditDone: () => void;
  /** `removed`: the secret is gone (deleted now, or found deleted already). */
  onDeleteDone: (removed: boolean) => void;
}) {
  const { editing, deleting } = props;
  const outcomes = useSecretOutcomes(props.clientId);
  return (
    <>
      {editing === undefined ? null : (
        <EditSecretModal
          clientId={props.clientId}
          secret={editing}
          onClose={props.onEditDone}
          onSaved={(name) => {
            props.onEditDone();
            outcomes.saved(name);
          }}
          onGone={() => {
            props.onEditDone();
            void outcomes.gone(editing);
          }}
        />
      )}
      {deleting === undefined ? null : (
        <DeleteSecretModal
          clientId={props.clientId}
          secret={deleting}
          isOnlyLiveSecret={props.isOnlyLiveSecret}
          onClose={() => {
            props.onDeleteDone(false);
          }}
          onDeleted={() => {
            props.onDeleteDone(true);
            outcomes.deleted(deleting);
          }}
          onGone={() => {
            props.onDeleteDone(true);
            void outcomes.gone(deleting);
          }}
        />
      )}
    </>
  );
}

/** Where last use is shown: what credman cannot tell without its Keycloak extension. */
function AttributionNote({ application }: { application: ApplicationDetail }) {
  const note = attributionNote(application);
  if (note === undefined) return null;
  return (
    <HelperText data-testid="last-use-attribution-note">
      <HelperTextItem>{note}</HelperTextItem>
    </HelperText>
  );
}

/** The live and expired secrets, and the history of deleted and lost ones behind a toggle. */
function SecretTables(props: {
  secrets: Secret[];
  canManage: boolean;
  onDelete?: (secret: Secret) => void;
  onEdit?: (secret: Secret) => void;
}) {
  const { secrets, canManage, ...actions } = props;
  const current = secrets.filter((secret) => isLive(secret) || secret.status === 'expired');
  const history = secrets.filter((secret) => secret.status === 'deleted' || secret.status === 'lost');
  return (
    <>
      {current.length === 0 ? (
        <Content component="p">
          {canManage
            ? 'No live secret. Create one so your systems can get tokens.'
            : 'No live secret. Until its credential managers create one, no system can get a token for this application.'}
        </Content>
      ) : (
        <SecretTable secrets={current} {...actions} />
      )}
      {history.length === 0 ? null : (
        <ExpandableSection toggleText={historyToggleText(history.length)}>
          <HistoryTable secrets={history} />
        </ExpandableSection>
      )}
    </>
  );
}

/**
 * After a deletion (ours, or one found out about on Delete) the row and the button that opened the dialog are
 * gone: once the dialog (and its focus
 * trap) has unmounted, give focus a place that still exists instead of leaving it on the page body.
 */
function useFocusHeadingAfterDelete(deleting: Secret | undefined): () => void {
  const [focusHeading, setFocusHeading] = useState(false);
  useEffect(() => {
    if (!focusHeading || deleting !== undefined) return;
    document.getElementById(SECRETS_HEADING_ID)?.focus();
    setFocusHeading(false);
  }, [focusHeading, deleting]);
  return () => {
    setFocusHeading(true);
  };
}

function SecretsHeader(props: { canManage: boolean; atLimit: boolean; onCreate: () => void }) {
  const { canManage, atLimit } = props;
  return (
    <>
      <Flex
        justifyContent={{ default: 'justifyContentSpaceBetween' }}
        alignItems={{ default: 'alignItemsCenter' }}
      >
        <FlexItem>
          <Title headingLevel="h2" id={SECRETS_HEADING_ID} tabIndex={-1}>
            Secrets
          </Title>
        </FlexItem>
        {canManage ? (
          <FlexItem>
            <Button
              variant="primary"
              // aria-disabled keeps the button focusable, so keyboard and screen-reader users meet the reason.
              isAriaDisabled={atLimit}
              aria-describedby={atLimit ? 'credman-create-disabled-reason' : undefined}
              onClick={props.onCreate}
            >
              Create secret
            </Button>
          </FlexItem>
        ) : null}
      </Flex>
      {canManage && atLimit ? (
        <HelperText id="credman-create-disabled-reason">
          <HelperTextItem variant="warning">
            This application has two live secrets, the most it can hold. Delete one first to create a new one.
          </HelperTextItem>
        </HelperText>
      ) : null}
    </>
  );
}
