/**
 * CloudWatch Logs filter patterns, the subset diagnose-502 and its users write:
 * - empty: every event;
 * - terms: `ERROR "exact phrase"` (all must appear), `?A ?"B"` (at least one), `-term` (must not
 *   appear), `%regex%`; matching is case-sensitive, like CloudWatch;
 * - JSON: `{ $.status >= 500 }`, `{ $.error = "*timeout*" }`, combined with `&&`, `||` and
 *   parentheses; numeric strings compare as numbers, since access-log formats usually quote them.
 * Space-delimited `[...]` patterns are not simulated and are rejected like a malformed pattern.
 */

export class FilterPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterPatternError';
  }
}

export type EventPredicate = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): EventPredicate {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{')) return compileJsonPattern(text);
  if (text.startsWith('[')) throw new FilterPatternError('space-delimited filter patterns are not supported by the simulator');
  return compileTermPattern(text);
}

// -------------------------------------------------------------------------------------------
// term patterns

type TermTest = (message: string) => boolean;

function compileTermPattern(text: string): EventPredicate {
  const required: TermTest[] = [];
  const optional: TermTest[] = [];
  const excluded: TermTest[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    let bucket = required;
    if (ch === '?') {
      bucket = optional;
      i++;
    } else if (ch === '-') {
      bucket = excluded;
      i++;
    }
    const [test, next] = readTerm(text, i);
    bucket.push(test);
    i = next;
  }
  if (required.length + optional.length + excluded.length === 0) return () => true;
  return (message) => required.every((t) => t(message)) && !excluded.some((t) => t(message)) && (optional.length === 0 || optional.some((t) => t(message)));
}

function readTerm(text: string, start: number): [TermTest, number] {
  const first = text[start];
  if (first === '"') {
    let i = start + 1;
    let phrase = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < text.length) i++;
      phrase += text[i];
      i++;
    }
    if (i >= text.length) throw new FilterPatternError(`unterminated quote in filter pattern: ${text}`);
    return [(m) => m.includes(phrase), i + 1];
  }
  if (first === '%') {
    const end = text.indexOf('%', start + 1);
    if (end < 0) throw new FilterPatternError(`unterminated %regex% in filter pattern: ${text}`);
    const source = text.slice(start + 1, end);
    if (source.includes('(')) throw new FilterPatternError('regular expressions in filter patterns cannot use groups');
    const regex = new RegExp(source);
    return [(m) => regex.test(m), end + 1];
  }
  let i = start;
  while (i < text.length && text[i] !== ' ' && text[i] !== '\t') i++;
  const term = text.slice(start, i);
  if (term === '') throw new FilterPatternError(`empty term in filter pattern: ${text}`);
  if (!/^[\w.:/@=+,]+$/.test(term)) throw new FilterPatternError(`term "${term}" has characters that must be quoted`);
  return [(m) => m.includes(term), i];
}

// -------------------------------------------------------------------------------------------
// JSON patterns

type Json = unknown;
type JsonTest = (value: Json) => boolean;

function compileJsonPattern(text: string): EventPredicate {
  if (!text.endsWith('}')) throw new FilterPatternError(`a JSON filter pattern ends with "}": ${text}`);
  const parser = new JsonPatternParser(text.slice(1, -1));
  const test = parser.parse();
  return (message) => {
    let value: Json;
    try {
      value = JSON.parse(message);
    } catch {
      return false;
    }
    return value !== null && typeof value === 'object' && test(value);
  };
}

class JsonPatternParser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parse(): JsonTest {
    const test = this.parseOr();
    this.skipSpace();
    if (this.pos < this.src.length) this.fail(`unexpected "${this.src.slice(this.pos)}"`);
    return test;
  }

  private parseOr(): JsonTest {
    const parts = [this.parseAnd()];
    while (this.eat('||')) parts.push(this.parseAnd());
    return parts.length === 1 ? (parts[0] as JsonTest) : (v) => parts.some((p) => p(v));
  }

  private parseAnd(): JsonTest {
    const parts = [this.parsePrimary()];
    while (this.eat('&&')) parts.push(this.parsePrimary());
    return parts.length === 1 ? (parts[0] as JsonTest) : (v) => parts.every((p) => p(v));
  }

  private parsePrimary(): JsonTest {
    if (this.eat('(')) {
      const inner = this.parseOr();
      if (!this.eat(')')) this.fail('missing ")"');
      return inner;
    }
    return this.parseCondition();
  }

  private parseCondition(): JsonTest {
    const path = this.parseSelector();
    this.skipSpace();
    const rest = this.src.slice(this.pos);
    const keyword = /^(IS\s+NULL|NOT\s+EXISTS|IS\s+TRUE|IS\s+FALSE)\b/i.exec(rest);
    if (keyword) {
      this.pos += keyword[0].length;
      const kind = keyword[1]?.toUpperCase().replace(/\s+/, ' ');
      return (v) => {
        const field = select(v, path);
        if (kind === 'IS NULL') return field.found && field.value === null;
        if (kind === 'NOT EXISTS') return !field.found;
        return field.found && field.value === (kind === 'IS TRUE');
      };
    }
    const op = /^(!=|>=|<=|=|>|<)/.exec(rest)?.[1];
    if (!op) this.fail(`expected a comparison after $.${path.join('.')}`);
    this.pos += (op as string).length;
    const expected = this.parseValue();
    return (v) => compare(select(v, path), op as string, expected);
  }

  private parseSelector(): Array<string | number> {
    this.skipSpace();
    if (this.src[this.pos] !== '$') this.fail('a condition starts with a selector like $.status');
    this.pos++;
    const path: Array<string | number> = [];
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === '.') {
        const m = /^\.([A-Za-z_@$][\w@$-]*)/.exec(this.src.slice(this.pos));
        if (!m) this.fail('expected a field name after "."');
        path.push((m as RegExpExecArray)[1] as string);
        this.pos += (m as RegExpExecArray)[0].length;
      } else if (ch === '[') {
        const m = /^\[(\d+)\]/.exec(this.src.slice(this.pos));
        if (!m) this.fail('expected an array index like [0]');
        path.push(Number((m as RegExpExecArray)[1]));
        this.pos += (m as RegExpExecArray)[0].length;
      } else break;
    }
    if (path.length === 0) this.fail('a selector names a field, like $.status');
    return path;
  }

  private parseValue(): { kind: 'number'; value: number } | { kind: 'string'; value: string } {
    this.skipSpace();
    const rest = this.src.slice(this.pos);
    if (rest.startsWith('"')) {
      let i = 1;
      let out = '';
      while (i < rest.length && rest[i] !== '"') {
        if (rest[i] === '\\' && i + 1 < rest.length) i++;
        out += rest[i];
        i++;
      }
      if (i >= rest.length) this.fail('unterminated string');
      this.pos += i + 1;
      return { kind: 'string', value: out };
    }
    const num = /^-?\d+(\.\d+)?([eE][-+]?\d+)?(?![\w*])/.exec(rest);
    if (num) {
      this.pos += num[0].length;
      return { kind: 'number', value: Number(num[0]) };
    }
    const word = /^[^\s()&|]+/.exec(rest);
    if (!word) this.fail('expected a value');
    this.pos += (word as RegExpExecArray)[0].length;
    return { kind: 'string', value: (word as RegExpExecArray)[0] };
  }

  private eat(token: string): boolean {
    this.skipSpace();
    if (this.src.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos] as string)) this.pos++;
  }

  private fail(message: string): never {
    throw new FilterPatternError(`invalid JSON filter pattern: ${message}`);
  }
}

function select(value: Json, path: Array<string | number>): { found: boolean; value: Json } {
  let current: Json = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !(key in (current as object))) return { found: false, value: undefined };
    current = (current as Record<string | number, Json>)[key];
  }
  return { found: true, value: current };
}

function compare(field: { found: boolean; value: Json }, op: string, expected: { kind: 'number'; value: number } | { kind: 'string'; value: string }): boolean {
  if (!field.found || field.value === null || typeof field.value === 'object') return false;
  if (expected.kind === 'number') {
    const actual = typeof field.value === 'number' ? field.value : typeof field.value === 'string' && field.value.trim() !== '' ? Number(field.value) : NaN;
    if (Number.isNaN(actual)) return op === '!=';
    switch (op) {
      case '=':
        return actual === expected.value;
      case '!=':
        return actual !== expected.value;
      case '>=':
        return actual >= expected.value;
      case '<=':
        return actual <= expected.value;
      case '>':
        return actual > expected.value;
      default:
        return actual < expected.value;
    }
  }
  if (op !== '=' && op !== '!=') return false;
  const pattern = new RegExp(`^${expected.value.split('*').map(escapeRegex).join('.*')}$`);
  const matches = pattern.test(String(field.value));
  return op === '=' ? matches : !matches;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
