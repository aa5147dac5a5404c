// Creating a secret, top to bottom (docs/architecture.md#rotation-protocol): check the input, plan the create
// (pure: rotation.ts), claim the next revision, mark the secret undelivered, PUT, clear the mark, tell the
// managers. The mark is made under the claim and before the PUT, and cleared only after the PUT succeeded and
// before the value is answered, so a secret whose create never answered stays marked and any replica removes it
// once the mark is older than the window (docs/architecture.md#revision-claim, #writes-that-land-late).
import { epochMillis, toEpochSeconds } from '@credman/domain';
import type { ApplicationStore } from '../store/application-store.ts';
import type { Actor } from '../store/records/secrets.ts';
import { refuseLookAlikeName, validateCreateInput } from './create-input.ts';
import { announceSecretChange } from './notices.ts';
import type { SecretChangeListener } from './notices.ts';
import { changeOf } from './plan-change.ts';
import { planCreate } from './rotation.ts';
import type { PlanContext } from './rotation.ts';
import type { UndeliveredSecrets } from './undelivered.ts';
import { secretView } from './views.ts';
import type { SecretView, ViewClock } from './views.ts';

export interface CreateSecretDeps {
  store: Pick<ApplicationStore, 'planAndClaim'>;
  undelivered: Pick<UndeliveredSecrets, 'mark' | 'clear'>;
  config: { zone: string; maxValidityDays?: number | undefined };
  /** Current time, epoch milliseconds. */
  now: () => number;
  /** The plan's context for one write (its writer id, the time, ids and the value generator). */
  context: (writer: string) => PlanContext;
  clock: () => ViewClock;
  onSecretChange?: SecretChangeListener | undefined;
}

/** Creates a secret; the only place its value leaves Keycloak is this function's result. */
export async function createSecret(
  deps: CreateSecretDeps,
  clientId: string,
  input: { name: unknown; notes?: unknown; expiresOn: unknown },
  actor: Actor,
): Promise<{ secret: SecretView; value: string }> {
  // 1. Check the input (400 before anything is read).
  const { zone, maxValidityDays } = deps.config;
  const { name, notes, expiry } = validateCreateInput(input, { zone, maxValidityDays, now: deps.now() });
  const request = {
    name,
    notes,
    expiresAt: toEpochSeconds(expiry.expiresAt),
    expiresOn: expiry.date,
    createdBy: actor,
  };
  const {
    application,
    planned,
    result: markedAt,
  } = await deps.store.planAndClaim(
    clientId,
    // 2. Plan on a fresh read; the store claims the next revision and plans again if another writer won.
    (stored, writer) => {
      refuseLookAlikeName(name, stored.secrets.secrets);
      return Promise.resolve(planCreate(stored.secrets, stored.slots, request, deps.context(writer)));
    },
    async (claimed, plan) => {
      // 3. Mark, under the claim and before the PUT: if Keycloak refuses, the claim goes and nothing is written.
      const marked = await deps.undelivered.mark(claimed.application.id, plan.created.record.id);
      // 4. The one PUT of the create.
      await claimed.write(changeOf(plan));
      return marked;
    },
  );
  // planCreate always plans a write, so both are there; the check only satisfies the types.
  if (planned === undefined || markedAt === undefined) throw new Error('create planned no write');
  const { record, value } = planned.created;
  // 5. Clear. Refused: the caller gets 503 and never the value; the mark stays, so the secret is removed later.
  await deps.undelivered.clear(application.id, record.id, markedAt);
  // 6. Tell the managers (security notice; neither throws nor blocks).
  announceSecretChange(deps.onSecretChange, {
    kind: 'created',
    clientId: application.clientId,
    clientUuid: application.id,
    record,
    actor,
    at: epochMillis(deps.now()),
  });
  return { secret: secretView(record, deps.clock(), undefined), value };
}
