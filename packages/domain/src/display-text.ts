// Text that one person types and others read (a secret's name or notes, an application's description): one
// Unicode form and only characters that show, so two names that look alike are the same text and nothing hidden
// reaches the console, the audit trail or a plain-text mail (docs/architecture.md#validation-and-errors).

export type DisplayTextProblem =
  'control-character' | 'line-separator' | 'invisible-character' | 'too-many-combining-marks';

/** More combining marks than this on one base character only stack into unreadable "Zalgo" text. */
export const MAX_COMBINING_MARKS = 3;

export interface CleanDisplayText {
  /** NFC, every kind of space written as U+0020, runs of spaces collapsed, trimmed. */
  value: string;
  /** Each kind of problem found, once, in a stable order; empty when the text may be shown. */
  problems: DisplayTextProblem[];
}

// Control characters (Cc) and the bidirectional controls: U+202E would make a name display reversed.
const CONTROL = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// U+2028/U+2029 start a new line in a plain-text mail, where a name could forge a line of its own.
const LINE_SEPARATOR = /[\p{Zl}\p{Zp}]/u;
// Format characters (zero-width space, joiners, tag characters, soft hyphen …), unassigned, private-use and
// surrogate code points, letters that render as nothing (Hangul fillers, the blank braille pattern), and every
// Default_Ignorable_Code_Point (combining grapheme joiner U+034F, variation selectors U+FE00–FE0F and
// U+E0100–E01EF, Khmer inherent vowels U+17B4/17B5, Mongolian selectors U+180B–180F …): renderers show them as
// nothing, so `prod-key` and `prod-key` + U+034F would look the same.
const INVISIBLE = /[\p{Cf}\p{Cn}\p{Co}\p{Cs}\p{Default_Ignorable_Code_Point}\u115F\u1160\u3164\uFFA0\u2800]/u;
// The emoji presentation selector, visible in effect right after a pictograph (❤️).
const EMOJI_SELECTOR = '\uFE0F';
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
// What may sit between a pictograph and a zero-width joiner: skin-tone modifiers and the emoji presentation selector.
const EMOJI_TAIL = /^(?:[\u{1F3FB}-\u{1F3FF}]|\uFE0F)$/u;
const MARK = /\p{M}/u;
const ZWJ = '\u200D';
const SPACES = /\p{Zs}+/gu;

/** A zero-width joiner is visible in effect only inside an emoji sequence such as 👩‍💻. */
function isEmojiJoiner(chars: readonly string[], index: number): boolean {
  let before = index - 1;
  while (before >= 0 && EMOJI_TAIL.test(chars[before] ?? '')) before -= 1;
  return PICTOGRAPH.test(chars[before] ?? '') && PICTOGRAPH.test(chars[index + 1] ?? '');
}

function problemOf(chars: readonly string[], index: number): DisplayTextProblem | undefined {
  const char = chars[index] ?? '';
  if (CONTROL.test(char)) return 'control-character';
  if (LINE_SEPARATOR.test(char)) return 'line-separator';
  if (char === ZWJ && isEmojiJoiner(chars, index)) return undefined;
  if (char === EMOJI_SELECTOR && PICTOGRAPH.test(chars[index - 1] ?? '')) return undefined;
  if (INVISIBLE.test(char)) return 'invisible-character';
  return undefined;
}

function longestMarkRun(chars: readonly string[]): number {
  let longest = 0;
  let run = 0;
  for (const char of chars) {
    run = MARK.test(char) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** Normalises `raw` and says what, if anything, keeps it from being shown to others. */
export function cleanDisplayText(raw: string): CleanDisplayText {
  const value = raw.normalize('NFC').replace(SPACES, ' ').trim();
  const chars = Array.from(value);
  const found = new Set<DisplayTextProblem>();
  chars.forEach((_, index) => {
    const problem = problemOf(chars, index);
    if (problem !== undefined) found.add(problem);
  });
  if (longestMarkRun(chars) > MAX_COMBINING_MARKS) found.add('too-many-combining-marks');
  const order: DisplayTextProblem[] = [
    'control-character',
    'line-separator',
    'invisible-character',
    'too-many-combining-marks',
  ];
  return { value, problems: order.filter((problem) => found.has(problem)) };
}

/** `raw` cleaned and stripped of every character that would be refused: for suggestions made from other text. */
export function visibleText(raw: string): string {
  const chars = Array.from(cleanDisplayText(raw).value);
  const kept = chars.filter((_, index) => problemOf(chars, index) === undefined);
  return kept.join('').replace(/ +/g, ' ').trim();
}

/** The most code points of a person's name as credman shows it (console, audit trail, mail bodies and subjects). */
export const PERSON_NAME_MAX_LENGTH = 100;

/**
 * A person's own name (Keycloak's `name`, `given_name`, `family_name`, editable in the account console) made safe
 * to show others: never refused — a login must not fail over a name — but line breaks and other controls become
 * spaces, invisible characters go, combining marks past MAX_COMBINING_MARKS on one character go, and it is cut to
 * PERSON_NAME_MAX_LENGTH. '' when nothing visible is left (the caller then shows the username).
 */
export function personName(raw: string): string {
  const visible = visibleText(raw.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' '));
  let run = 0;
  const kept = Array.from(visible).filter((char) => {
    run = MARK.test(char) ? run + 1 : 0;
    return run <= MAX_COMBINING_MARKS;
  });
  return kept.slice(0, PERSON_NAME_MAX_LENGTH).join('').trim();
}

/** A sentence per problem, for forms and problem responses; `what` names the field ("The name"). */
export function displayTextMessage(problem: DisplayTextProblem, what: string): string {
  switch (problem) {
    case 'control-character':
      return `${what} may not contain control characters such as line breaks, tabs or text-direction marks.`;
    case 'line-separator':
      return `${what} may not contain line or paragraph separators.`;
    case 'invisible-character':
      return `${what} may not contain invisible characters (zero-width spaces, joiners outside emoji, fillers or tags).`;
    case 'too-many-combining-marks':
      return `${what} may carry at most ${MAX_COMBINING_MARKS} accents or other combining marks on one character.`;
  }
}

// Letters of other scripts (and digits) drawn like Latin letters: the common cases of Unicode's confusables
// (UTS #39), not its whole table. Enough that a decoy such as Cyrillic `рrod-kеy` is caught.
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  ɩ: 'i',
  ʏ: 'y',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  μ: 'u',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  '0': 'o',
  '1': 'l',
  I: 'l',
  '|': 'l',
  ı: 'l',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '−': '-',
};

const mapLookAlikes = (text: string) =>
  Array.from(text)
    .map((char) => LOOK_ALIKES[char] ?? char)
    .join('');

/**
 * A form of display text in which look-alikes are equal (a "skeleton", after UTS #39): compatibility forms
 * folded (NFKD: `ﬁ` is `fi`, full-width letters are ASCII), accents and other marks and invisible characters
 * dropped, case folded, common cross-script look-alikes mapped to Latin, and spaces removed. Only for comparing;
 * never shown.
 */
export function displaySkeleton(text: string): string {
  const folded = text.normalize('NFKD').replace(/[\p{M}\p{Default_Ignorable_Code_Point}\p{Cf}]/gu, '');
  // Mapped before and after folding case: a capital I looks like a small l, and capitals of other scripts
  // (Cyrillic Р) fold to the small letters the table knows.
  return mapLookAlikes(mapLookAlikes(folded).toLowerCase()).replace(/\s+/gu, '');
}
