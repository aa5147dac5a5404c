// A short-lived cache of yes/no answers that Keycloak gives about a user's rights right now
// (docs/architecture.md#authorisation): manager rights and the operator role. Concurrent questions share one
// lookup; a failed lookup is not cached, so the next request asks Keycloak again.

/** The longest time a right removed in Keycloak may still be honoured by credman. */
export const MAX_LIVE_ANSWER_TTL_MS = 30_000;

export interface LiveAnswerCacheOptions {
  /** At most MAX_LIVE_ANSWER_TTL_MS. */
  ttlMs?: number;
  /** Entries kept before the oldest are dropped. */
  maxEntries?: number;
  /** Epoch milliseconds. */
  now?: () => number;
}

export interface LiveAnswerCache {
  answer(key: string): Promise<boolean>;
  /** Forgets one answer, e.g. right after credman itself changed that right. */
  invalidate(key: string): void;
  readonly size: number;
}

interface Entry {
  answer: Promise<boolean>;
  expiresAt: number;
}

export function cacheLiveAnswers(
  lookup: (key: string) => Promise<boolean>,
  options: LiveAnswerCacheOptions = {},
): LiveAnswerCache {
  const ttlMs = options.ttlMs ?? MAX_LIVE_ANSWER_TTL_MS;
  if (!(ttlMs >= 0 && ttlMs <= MAX_LIVE_ANSWER_TTL_MS)) {
    throw new RangeError(`ttlMs must be between 0 and ${MAX_LIVE_ANSWER_TTL_MS}`);
  }
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  return {
    answer(key) {
      const cached = entries.get(key);
      if (cached !== undefined && cached.expiresAt > now()) return cached.answer;
      entries.delete(key);
      const answer = lookup(key);
      const entry: Entry = { answer, expiresAt: now() + ttlMs };
      entries.set(key, entry);
      answer.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      // Map keeps insertion order, so the first keys are the oldest.
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
      return answer;
    },
    invalidate(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
