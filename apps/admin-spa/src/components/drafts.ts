// A dialog's typed input, kept in this tab's sessionStorage when a save meets an ended session, and filled in again
// when the dialog next opens (after the new login). Only what the user typed: names, notes, dates; never a
// secret's value, which exists only after a successful create.
const PREFIX = 'credman-draft:';

export function saveDraft(key: string, values: object): void {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(values));
  } catch {
    // Storage refused (private mode, quota): the draft is lost as before, the rest works.
  }
}

export function readDraft(key: string): Record<string, string> | undefined {
  try {
    const stored = sessionStorage.getItem(PREFIX + key);
    if (stored === null) return undefined;
    const parsed: unknown = JSON.parse(stored);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return undefined;
  }
}

export function clearDraft(key: string): void {
  try {
    sessionStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing was stored.
  }
}
