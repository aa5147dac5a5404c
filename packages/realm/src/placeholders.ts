/**
 * `${...}` placeholders exactly as Keycloak resolves them when it imports a realm file
 * (`StringPropertyReplacer`, keycloak/keycloak common/src/main/java/org/keycloak/common/util/StringPropertyReplacer.java,
 * the stream-based version): the raw file text is rewritten before JSON parsing.
 *
 * - `${VAR}` → the variable's value; unset → the text stays as it is.
 * - `${VAR:default}` → the value, else the text after the FIRST colon (may be empty, may contain colons).
 * - `${A,B}` / `${A,B:default}` → A, else B (split at the first comma), else the default / the literal.
 * - A set-but-empty variable counts as set (Java's `System.getenv` returns "").
 * - `${/}` and `${:}` are the file and path separators ("/" and ":" in Keycloak's Linux container).
 * - `${}` and `${:x}` (colon at position 0) stay literal.
 * - Nested expressions are resolved inside-out: in `${A:${B}}` the inner `${B}` is resolved first.
 * - A resolved value is itself resolved again, so a value may contain placeholders; a self-reference
 *   (A=`${A}`) makes Keycloak fail with an infinite-recursion error, and so do we.
 * - `$` not followed by `{` is copied together with the next character unchecked, so `$${A}` stays literal.
 * - An unclosed `${...` at the end of the text is copied as it is.
 * One deliberate difference: a `$` that is the very last character is kept (Keycloak writes a broken byte).
 *
 * Values are inserted into JSON text unescaped: a value containing `"` or `\` breaks the file.
 */

export type PlaceholderEnv = Readonly<Record<string, string | undefined>>;

/** One `${...}` expression found in a text: the raw inner text and the variables it names. */
export interface PlaceholderExpression {
  readonly expression: string;
  readonly names: readonly string[];
  /** The text after the first colon, when there is one at position > 0. */
  readonly defaultValue: string | undefined;
}

export class PlaceholderRecursionError extends Error {
  constructor(expression: string) {
    super(`Placeholder resolution does not terminate (self-referencing value) in \${${expression}}`);
    this.name = 'PlaceholderRecursionError';
  }
}

// Far deeper than any sane nesting; Keycloak's limit is the Java stack.
const MAX_RESOLUTION_DEPTH = 100;

const FILE_SEPARATOR = '/';
const PATH_SEPARATOR = ':';

export function resolvePlaceholders(text: string, env: PlaceholderEnv): string {
  return resolveAt(text, env, 0);
}

function resolveAt(text: string, env: PlaceholderEnv, depth: number): string {
  return rewriteAtDepth(text, depth, (expression, currentDepth) => {
    const value = lookUp(expression, env);
    if (value === undefined) return `\${${expression}}`;
    if (currentDepth >= MAX_RESOLUTION_DEPTH) throw new PlaceholderRecursionError(expression);
    return resolveAt(value, env, currentDepth + 1);
  });
}

/** Every `${...}` expression in the text, inner ones of nested expressions included, in order of closing. */
export function findPlaceholders(text: string): PlaceholderExpression[] {
  const found: PlaceholderExpression[] = [];
  rewrite(text, (expression) => {
    found.push(describePlaceholder(expression));
    return `\${${expression}}`;
  });
  return found;
}

export function describePlaceholder(expression: string): PlaceholderExpression {
  const colon = expression.indexOf(':');
  const hasDefault = colon > 0;
  const key = hasDefault ? expression.slice(0, colon) : expression;
  const comma = key.indexOf(',');
  const names =
    comma === -1 ? [key] : [key.slice(0, comma), key.slice(comma + 1)].filter((name) => name !== '');
  return { expression, names, defaultValue: hasDefault ? expression.slice(colon + 1) : undefined };
}

/** Keycloak's value look-up for one expression; `undefined` = leave it literal. */
function lookUp(expression: string, env: PlaceholderEnv): string | undefined {
  if (expression === '/') return FILE_SEPARATOR;
  if (expression === ':') return PATH_SEPARATOR;
  // Keycloak first tries the whole expression as a name, defaults and alternatives only after that.
  const whole = variable(env, expression);
  if (whole !== undefined) return whole;
  const colon = expression.indexOf(':');
  if (colon > 0) {
    const key = expression.slice(0, colon);
    return variable(env, key) ?? alternatives(env, key) ?? expression.slice(colon + 1);
  }
  return alternatives(env, expression);
}

function alternatives(env: PlaceholderEnv, key: string): string | undefined {
  const comma = key.indexOf(',');
  if (comma === -1) return undefined;
  const first = comma > 0 ? variable(env, key.slice(0, comma)) : undefined;
  if (first !== undefined) return first;
  return comma < key.length - 1 ? variable(env, key.slice(comma + 1)) : undefined;
}

function variable(env: PlaceholderEnv, name: string): string | undefined {
  // Own properties only: a name like "constructor" must not find Object.prototype members.
  return Object.hasOwn(env, name) ? env[name] : undefined;
}

type ExpressionHandler = (expression: string, depth: number) => string;

function rewrite(text: string, onExpression: ExpressionHandler): string {
  return rewriteAtDepth(text, 0, onExpression);
}

/** The scanner of Keycloak's stream replacer; `onExpression` gets each closed expression's inner text. */
function rewriteAtDepth(text: string, depth: number, onExpression: ExpressionHandler): string {
  const cursor = { text, position: 0 };
  return scan(cursor, false, depth, onExpression).output;
}

interface Cursor {
  readonly text: string;
  position: number;
}

function scan(
  cursor: Cursor,
  insideExpression: boolean,
  depth: number,
  onExpression: ExpressionHandler,
): { output: string; closed: boolean } {
  let output = '';
  while (cursor.position < cursor.text.length) {
    const char = cursor.text.charAt(cursor.position++);
    if (char === '}' && insideExpression) return { output, closed: true };
    if (char !== '$' || cursor.position >= cursor.text.length) {
      output += char;
      continue;
    }
    const next = cursor.text.charAt(cursor.position++);
    if (next !== '{') {
      // Keycloak emits both characters without looking at the second one again.
      output += char + next;
      continue;
    }
    const inner = scan(cursor, true, depth, onExpression);
    output += inner.closed ? onExpression(inner.output, depth) : `\${${inner.output}`;
  }
  return { output, closed: false };
}
