import { describe, expect, it } from 'vitest';
import { epochSeconds } from '@credman/domain';
import { EMPTY_DOCUMENT } from '../store/records/secrets.ts';
import { parseSecretsDocument, serializeSecretsDocument } from '../store/records/codecs.ts';
import type { SecretsDocument } from '../store/records/secrets.ts';
import { planCreate, planDelete, planRefresh, planSweep, PLACEHOLDER_GRACE_SECONDS } from './rotation.ts';
import { SecretLimitError, SecretNotFoundError } from './errors.ts';
import type { PlanContext } from './rotation.ts';
import { readSlots, slotRepresentation } from '../store/slots.ts';
import type { DesiredSlots, ObservedSlots } from '../store/slots.ts';

const DAY = 86_400;
const T0 = 1_800_000_000;
const alice = { id: 'u-alice', username: 'alice', name: 'Alice Manager' };

function context(now: number): PlanContext {
  let ids = 0;
  let secrets = 0;
  return {
    now: epochSeconds(now),
    writer: `w-${now}`,
    newId: () => `id-${now}-${++ids}`,
    generateSecret: () => `S${++secrets}${String(now)}`.padEnd(40, 'x'),
  };
}

/** What Keycloak holds after credman's PUT of these slots. */
function observed(slots: DesiredSlots): ObservedSlots {
  const rep = slotRepresentation(slots);
  return readSlots({
    secret: rep.secret,
    attributes: Object.fromEntries(Object.entries(rep.attributes).filter(([, v]) => v !== '')),
  });
}

const EMPTY_SLOTS: ObservedSlots = {
  current: { value: 'placeholder', createdAt: epochSeconds(T0 - 10), expiresAt: epochSeconds(T0 - 10) },
  rotated: undefined,
};

function create(
  document: SecretsDocument,
  slots: ObservedSlots,
  now: number,
  name: string,
  expiresAt: number,
) {
  return planCreate(
    document,
    slots,
    { name, expiresAt: epochSeconds(expiresAt), expiresOn: 'n/a', createdBy: alice },
    context(now),
  );
}

describe('rotation protocol', () => {
  it('given EMPTY, when a secret is created, then it is the current slot and the only live record', () => {
    const plan = create(EMPTY_DOCUMENT, EMPTY_SLOTS, T0, 'first', T0 + 300 * DAY);
    expect(plan.slots.current).toEqual({
      value: plan.created.value,
      createdAt: T0,
      expiresAt: T0 + 300 * DAY,
    });
    expect(plan.slots.rotated).toBeUndefined();
    expect(plan.document.secrets).toEqual([plan.created.record]);
    expect(plan.created.record.hint).toBe(plan.created.value.slice(0, 3));
    expect(plan.document.revision).toBe(1);
    expect(plan.events.map((e) => e.action)).toEqual(['created']);
  });

  it('given ONE, when a secret with a LATER expiry is created, then it takes current and the old one moves to rotated', () => {
    const one = create(EMPTY_DOCUMENT, EMPTY_SLOTS, T0, 'old', T0 + 100 * DAY);
    const two = create(one.document, observed(one.slots), T0 + DAY, 'new', T0 + 300 * DAY);
    expect(two.slots.current.value).toBe(two.created.value);
    expect(two.slots.rotated).toEqual({ value: one.created.value, createdAt: T0, expiresAt: T0 + 100 * DAY });
  });

  it('given ONE, when a secret with a SHORTER expiry is created, then the old one keeps current (slot rule)', () => {
    const one = create(EMPTY_DOCUMENT, EMPTY_SLOTS, T0, 'long', T0 + 300 * DAY);
    const two = create(one.document, observed(one.slots), T0 + DAY, 'short', T0 + 10 * DAY);
    expect(two.slots.current.value).toBe(one.created.value);
    expect(two.slots.rotated?.value).toBe(two.created.value);
    expect(two.slots.rotated?.expiresAt).toBe(T0 + 10 * DAY);
  });

  it('given TWO, when a third is created, then it is refused naming the secret that expires soonest', () => {
    const one = create(EMPTY_DOCUMENT, EMPTY_SLOTS, T0, 'a', T0 + 50 * DAY);
    const two = create(one.document, observed(one.slots), T0 + 1, 'b', T0 + 60 * DAY);
    expect(() => create(two.document, observed(two.slots), T0 + 2, 'c', T0 + 70 * DAY)).toThrow(
      SecretLimitError,
    );
    try {
      create(two.document, observed(two.slots), T0 + 2, 'c', T0 + 70 * DAY);
    } catch (error) {
      expect((error as SecretLimitError).deleteFirst.name).toBe('a');
    }
  });

  it('given TWO, when the current one is deleted, then the remaining secret moves into current and rotated is cleared in the same write', () => {
    const one = create(EMPTY_DOCUMENT, EMPTY_SLOTS, T0, 'old', T0 + 100 * DAY);
    const two = create(one.document, observed(one.slots), T0 + DAY, 'new', T0 + 300 * DAY);
    const after = planDelete(
      two.document,
      observed(two.slots),
      two.created.record.id,
      alice,
      context(T0 + 2 * DAY),
    );
    expect(after.slots).toEqual({
      current: { value: one.created.value, createdAt: T0, expiresAt: T0 + 100 * DAY },
      rotated: undefined,
    });
    const rep = slotRepresentation(after.slots);
    expect(rep.attributes['client.secret.rotated']).toBe('');
    expect(rep.attributes['client.secret.rotated.expiration.time']).toBe('');
    expect(after.deleted).toMatchObject({ state: 'deleted', endedBy: alice, endedAt: T0 + 2 * DAY });
  });

  it('given ONE, when it is deleted, then current holds an unknown placeholder that is dead once its grace has passed', () => {
    const one = create(EMPTY_DOCUMENT, EMPTY_SLOTS, T0, 'only', T0 + 100 * DAY);
    const now = T0 + 5;
    const after = planDelete(one.document, observed(one.slots), one.created.record.id, alice, context(now));
    expect(after.slots.current.value).not.toBe(one.created.value);
    expect(after.slots.current.expiresAt).toBe(now + PLACEHOLDER_GRACE_SECONDS);
    expect(after.document.placeholderCreatedAt).toBe(now);
    expect(after.document.secrets.filter((s) => s.state === 'live')).toHaveLength(0);
    // The placeholder is not mistaken for an out-of-band secret afterwards.
    expect(planSweep(after.document, observed(after.slots), context(now + 1))).toBeUndefined();
  });

  it('given a secret id that is not live, when deleting, then it is not found', () => {
    const one = create(EMPTY_DOCUMENT, EMPTY_SLOTS, T0, 'only', T0 + 100 * DAY);
    expect(() => planDelete(one.document, observed(one.slots), 'nope', alice, context(T0 + 1))).toThrow(
      SecretNotFoundError,
    );
  });

  it('given the rotated secret expired, when sweeping, then it is recorded as expired and the slot is cleared', () => {
    const one = create(EMPTY_DOCUMENT, EMPTY_SLOTS, T0, 'short', T0 + 10);
    const two = create(one.document, observed(one.slots), T0 + 1, 'long', T0 + 1000);
    expect(planSweep(two.document, observed(two.slots), context(T0 + 10))).toBeUndefined(); // last valid second
    const swept = planSweep(two.document, observed(two.slots), context(T0 + 11));
    expect(swept?.events.map((e) => [e.action, e.secretName, e.at])).toEqual([['expired', 'short', T0 + 11]]);
    expect(swept?.slots.rotated).toBeUndefined();
    expect(swept?.slots.current.value).toBe(two.created.value);
  });

  it('given the only secret expired, when sweeping, then the application returns to EMPTY', () => {
    const one = create(EMPTY_DOCUMENT, EMPTY_SLOTS, T0, 'only', T0 + 10);
    const swept = planSweep(one.document, observed(one.slots), context(T0 + 20));
    expect(swept?.document.secrets[0]).toMatchObject({ state: 'expired', endedAt: T0 + 11 });
    expect(swept?.slots.current.expiresAt).toBe(T0 + 20 + PLACEHOLDER_GRACE_SECONDS);
    expect(swept?.slots.current.value).not.toBe(one.created.value);
  });

  it('given someone regenerated the secret in Keycloak, when settling, then the old record is lost and the new secret is adopted', () => {
    const one = create(EMPTY_DOCUMENT, EMPTY_SLOTS, T0, 'mine', T0 + 100 * DAY);
    const regenerated: ObservedSlots = {
      current: {
        value: 'zzzOutOfBand',
        createdAt: epochSeconds(T0 + 50),
        expiresAt: epochSeconds(T0 + 365 * DAY),
      },
      rotated: undefined,
    };
    const swept = planSweep(one.document, regenerated, context(T0 + 60));
    expect(swept?.events.map((e) => e.action)).toEqual(['lost', 'adopted']);
    const adopted = swept?.document.secrets.find((s) => s.state === 'live');
    expect(adopted).toMatchObject({
      hint: 'zzz',
      createdAt: T0 + 50,
      expiresAt: T0 + 365 * DAY,
      createdBy: { id: 'keycloak' },
    });
    expect(swept?.slots.current.value).toBe('zzzOutOfBand');
  });

  it('given a client credman never managed with a working secret, when settling, then that secret is adopted, not dropped', () => {
    const legacy: ObservedSlots = {
      current: { value: 'legacySecret', createdAt: epochSeconds(T0 - DAY), expiresAt: undefined },
      rotated: undefined,
    };
    const plan = create(EMPTY_DOCUMENT, legacy, T0, 'new', T0 + 300 * DAY);
    expect(plan.events.map((e) => e.action)).toEqual(['adopted', 'created']);
    // Adopted with the expiry Keycloak's executor would give it (365 days), later than the new one: current.
    expect(plan.slots.current.value).toBe('legacySecret');
    expect(plan.slots.current.expiresAt).toBe(T0 + 365 * DAY);
    expect(plan.slots.rotated?.value).toBe(plan.created.value);
  });

  it('round-trips the document through the attribute text and rejects a corrupt one', () => {
    const plan = create(EMPTY_DOCUMENT, EMPTY_SLOTS, T0, 'x', T0 + DAY);
    expect(parseSecretsDocument(serializeSecretsDocument(plan.document))).toEqual(plan.document);
    expect(parseSecretsDocument(undefined)).toEqual(EMPTY_DOCUMENT);
    expect(() => parseSecretsDocument('{')).toThrow(/not JSON/);
    expect(() => parseSecretsDocument('{"schema":2}')).toThrow(/schema/);
    expect(serializeSecretsDocument(plan.document)).not.toContain(plan.created.value);
  });
});

describe('refresh (writes that change no secret)', () => {
  it('given EMPTY with an expired placeholder, then a refresh writes a fresh placeholder so Keycloak never sees an expired current secret', () => {
    const plan = planRefresh(EMPTY_DOCUMENT, EMPTY_SLOTS, context(T0));
    expect(plan.slots.current.expiresAt).toBe(T0 + PLACEHOLDER_GRACE_SECONDS);
    expect(plan.document.placeholderCreatedAt).toBe(T0);
    expect(plan.events).toEqual([]);
  });

  it('given ONE, then a refresh keeps the live secret in place', () => {
    const one = create(EMPTY_DOCUMENT, EMPTY_SLOTS, T0, 'only', T0 + DAY);
    const plan = planRefresh(one.document, observed(one.slots), context(T0 + 10));
    expect(plan.slots).toEqual(one.slots);
  });
});
