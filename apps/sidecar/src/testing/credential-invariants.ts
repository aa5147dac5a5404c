// The invariants (docs/architecture.md#invariants) that can be read off one client representation: what
// Keycloak holds in its two slots and what credman recorded in `credman.secrets` must agree. Tests call
// assertInvariants after every fault and every concurrent run.
import { MAX_LIVE_SECRETS, secretHint } from '@credman/domain';
import type { KeycloakClient } from '../keycloak/port.ts';
import { liveSecrets } from '../credentials/metadata.ts';
import type { SecretRecord } from '../store/records/secrets.ts';
import { PLACEHOLDER_GRACE_SECONDS } from '../credentials/rotation.ts';
import { decodeApplication } from '../store/application.ts';
import type { Slot } from '../store/slots.ts';

function occupies(record: SecretRecord, slot: Slot | undefined): boolean {
  return (
    slot !== undefined &&
    secretHint(slot.value) === record.hint &&
    slot.createdAt === record.createdAt &&
    slot.expiresAt === record.expiresAt
  );
}

/** Every broken invariant, in words; empty when the client is consistent. */
export function invariantViolations(client: KeycloakClient): string[] {
  const problems: string[] = [];
  const { secrets: document, slots } = decodeApplication(client);
  const live = liveSecrets(document);

  if (live.length > MAX_LIVE_SECRETS) problems.push(`${String(live.length)} live secrets recorded`);
  const ids = new Set(document.secrets.map((s) => s.id));
  if (ids.size !== document.secrets.length) problems.push('a secret id is recorded twice');

  // Each live record sits in its own slot, with that slot's hint, creation time and Keycloak expiry.
  const [first, second] = [...live].sort((a, b) => b.expiresAt - a.expiresAt || b.createdAt - a.createdAt);
  if (first && !occupies(first, slots.current))
    problems.push(`live secret ${first.id} (latest expiry) is not the current slot`);
  if (second && !occupies(second, slots.rotated))
    problems.push(`live secret ${second.id} (earlier expiry) is not the rotated slot`);
  if (!second && slots.rotated)
    problems.push('the rotated slot holds a secret credman has no live record of');

  // Slot rule, read from Keycloak's own attributes.
  const { current, rotated } = slots;
  if (
    current?.expiresAt !== undefined &&
    rotated?.expiresAt !== undefined &&
    rotated.expiresAt > current.expiresAt
  )
    problems.push('the rotated slot expires after the current slot (slot rule)');

  // With nothing live, current holds credman's placeholder, which expires at the second it was written (an
  // application credman never wrote, revision 0, holds the realm's own placeholder).
  if (!first && document.revision > 0) {
    if (!current) problems.push('no current slot');
    else {
      if (current.createdAt !== document.placeholderCreatedAt)
        problems.push('the current slot is not the recorded placeholder');
      if (
        current.expiresAt === undefined ||
        current.expiresAt > (current.createdAt ?? 0) + PLACEHOLDER_GRACE_SECONDS
      )
        problems.push('the placeholder outlives its grace');
    }
  }
  return problems;
}

export function assertInvariants(client: KeycloakClient | undefined): void {
  if (!client) throw new Error('invariants: the client does not exist');
  const problems = invariantViolations(client);
  if (problems.length > 0)
    throw new Error(`invariants broken for ${client.clientId}:\n- ${problems.join('\n- ')}`);
}
