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
// surrogate code points, and letters that render as nothing (Hangul fillers, the blank braille pattern).
const INVISIBLE = /[\p{Cf}\p{Cn}\p{Co}\p{Cs}\u115F\u1160\u3164\uFFA0\u2800]/u;
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
