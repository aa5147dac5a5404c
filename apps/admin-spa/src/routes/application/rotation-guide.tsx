// The rotation guide: four steps with the current one highlighted, worded from the application's secrets.
import { ProgressStep, ProgressStepper, Title } from '@patternfly/react-core';
import type { Secret } from '../../api/types.ts';
import { formatDateTime } from '../../components/format.ts';
import { isAmbiguousUse } from './last-use.ts';
import { ROTATION_STEPS, rotationState, stepProgress } from './rotation-state.ts';
import type { RotationState, RotationStep } from './rotation-state.ts';

const TITLES: Record<RotationStep, string> = {
  create: 'Create a new secret',
  update: 'Update your systems',
  confirm: 'Confirm the new secret works',
  delete: 'Delete the old secret',
};

function describe(step: RotationStep, state: RotationState): string {
  const { older, newer } = state;
  switch (step) {
    case 'create':
      if (newer !== undefined) return `Created "${newer.name}" (${newer.hint}…).`;
      return older === undefined
        ? 'This application has no secret yet. Create one to start.'
        : `"${older.name}" keeps working while you create its replacement.`;
    case 'update':
      return 'Put the new secret into every system that uses this application.';
    case 'confirm':
      if (newer === undefined) return 'The new secret shows here once a system has used it.';
      if (newer.lastUsedAt === undefined) return `"${newer.name}" has not been used yet.`;
      return isAmbiguousUse(newer)
        ? `An application login at ${formatDateTime(newer.lastUsedAt)}; Keycloak does not say whether it used "${newer.name}" or "${older?.name ?? 'the old secret'}". Check in your systems that they all use "${newer.name}" (${newer.hint}…).`
        : `"${newer.name}" was last used ${formatDateTime(newer.lastUsedAt)}.`;
    case 'delete':
      return newer !== undefined && older !== undefined
        ? `Delete "${older.name}" (${older.hint}…) so it can no longer be used.`
        : 'Delete the old secret once nothing uses it any more.';
  }
}

const VARIANT = { done: 'success', current: 'info', pending: 'pending' } as const;

export function RotationGuide({ secrets }: { secrets: readonly Secret[] }) {
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
              aria-label={`Step ${String(index + 1)}, ${progress === 'done' ? 'done' : progress}`}
            >
              {`${String(index + 1)}. ${TITLES[step]}`}
            </ProgressStep>
          );
        })}
      </ProgressStepper>
    </section>
  );
}
