// The rotation guide: four steps with the current one highlighted, worded from the application's secrets, and
// a closing line once the rotation is complete. "Confirm" is ticked only once the new secret was seen in use:
// exactly with credman's Keycloak extension, else after a login since its creation and the manager's
// confirmation (the button under step 3).
import { Button, Content, ProgressStep, ProgressStepper, Title } from '@patternfly/react-core';
import { useConfirmSecretUse } from '../../api/mutations.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import type { Secret } from '@credman/api-contract';
import { formatDate, formatDateTime } from '../../components/format.ts';
import { NO_USE_SEEN, firstUseText } from './last-use.ts';
import { ROTATION_STEPS, rotationState, stepProgress } from './rotation-state.ts';
import type { RotationState, RotationStep } from './rotation-state.ts';

const TITLES: Record<RotationStep, string> = {
  create: 'Create a new secret',
  update: 'Update your systems',
  confirm: 'Confirm the new secret works',
  delete: 'Delete the old secret',
};

function describeCreate({ older, newer, current }: RotationState): string {
  if (current === 'complete' && newer !== undefined) return `"${newer.name}" (${newer.hint}…) is in place.`;
  if (newer !== undefined) return `Created "${newer.name}" (${newer.hint}…).`;
  return older === undefined
    ? 'This application has no secret yet. Create one to start.'
    : `"${older.name}" keeps working while you create its replacement.`;
}

/** "the other secret", or the older one by name: never a made-up name in quotes. */
const otherName = (older: Secret | undefined) =>
  older === undefined ? 'the other secret' : `"${older.name}"`;

function describeConfirm({ older, newer, use }: RotationState): string {
  if (newer === undefined) return 'The new secret shows here once a system has used it.';
  const quoted = `"${newer.name}"`;
  switch (use) {
    case 'unused':
      return `${quoted}: ${NO_USE_SEEN.toLowerCase()}.`;
    case 'seen': {
      const first = firstUseText(newer);
      return `${quoted} is in use (${first ?? `last used ${formatDateTime(newer.lastUsedAt ?? '')}`}).`;
    }
    case 'possible':
      return `A login at ${formatDateTime(newer.lastUsedAt ?? '')} while two secrets were live; Keycloak does not say whether it used ${quoted} or ${otherName(older)}. Check in your systems that they all use ${quoted} (${newer.hint}…), then confirm.`;
    case 'confirmed':
      return `${newer.useConfirmedBy?.name ?? 'A manager'} confirmed on ${formatDateTime(newer.useConfirmedAt ?? '')} that the systems use ${quoted}.`;
  }
}

function describeDelete({ older, newer, current, newestIsShortLived }: RotationState): string {
  if (current === 'complete' || (older === undefined && newer !== undefined))
    return 'Nothing left to delete.';
  if (newer === undefined || older === undefined)
    return 'Delete the old secret once nothing uses it any more.';
  if (newestIsShortLived)
    return `Keep "${newer.name}": it works until ${formatDate(newer.expiresAt)}. Delete "${older.name}" (${older.hint}…), which ends sooner, once nothing uses it.`;
  return `Delete "${older.name}" (${older.hint}…) so it can no longer be used.`;
}

function describe(step: RotationStep, state: RotationState): string {
  switch (step) {
    case 'create':
      return describeCreate(state);
    case 'update':
      return state.newer === undefined || state.current === 'complete'
        ? 'Put the new secret into every system that uses this application.'
        : `Put "${state.newer.name}" into every system that uses this application.`;
    case 'confirm':
      return describeConfirm(state);
    case 'delete':
      return describeDelete(state);
  }
}

const VARIANT = { done: 'success', current: 'info', pending: 'pending' } as const;

export function RotationGuide({
  secrets,
  clientId,
}: {
  secrets: readonly Secret[];
  /** Given: a manager's guide, with the confirm action. */
  clientId?: string;
}) {
  const state = rotationState(secrets);
  return (
    <section className="credman-section" aria-labelledby="credman-rotation">
      <Title headingLevel="h2" id="credman-rotation">
        Rotation guide
      </Title>
      <ProgressStepper aria-label="Rotation steps" isCompact={false}>
        {ROTATION_STEPS.map((step, index) => {
          const progress = stepProgress(state, step);
          const id = `credman-rotation-${step}`;
          return (
            <ProgressStep
              key={step}
              id={id}
              titleId={`${id}-title`}
              variant={VARIANT[progress]}
              isCurrent={progress === 'current'}
              description={describe(step, state)}
              aria-label={`Step ${String(index + 1)}, ${progress}`}
            >
              {`${String(index + 1)}. ${TITLES[step]}`}
            </ProgressStep>
          );
        })}
      </ProgressStepper>
      {state.use === 'possible' && state.newer !== undefined && clientId !== undefined ? (
        <ConfirmUse clientId={clientId} secret={state.newer} />
      ) : null}
      <RotationSummary state={state} />
    </section>
  );
}

function RotationSummary({ state }: { state: RotationState }) {
  const { current, newer, older, newestIsShortLived } = state;
  if (current === 'complete' && newer !== undefined)
    return (
      <Content component="p" data-testid="rotation-summary">
        Rotation complete: "{newer.name}" is the only live secret and works until{' '}
        {formatDate(newer.expiresAt)}. Start the next rotation when it nears its expiry; reminders come by
        mail.
      </Content>
    );
  if (newestIsShortLived && newer !== undefined && older !== undefined)
    return (
      <Content component="p" data-testid="rotation-summary">
        "{older.name}", the newest secret, expires on {formatDate(older.expiresAt)}, before "{newer.name}" (
        {formatDate(newer.expiresAt)}). It is not a replacement: keep "{newer.name}".
      </Content>
    );
  return null;
}

function ConfirmUse({ clientId, secret }: { clientId: string; secret: Secret }) {
  const confirm = useConfirmSecretUse(clientId);
  return (
    <div className="credman-rotation-confirm">
      <Button
        variant="secondary"
        isLoading={confirm.isPending}
        isDisabled={confirm.isPending}
        onClick={() => {
          confirm.mutate(secret.id);
        }}
      >
        {`All our systems use "${secret.name}"`}
      </Button>
      {confirm.isError ? <ProblemAlert error={confirm.error} /> : null}
    </div>
  );
}
