import { textToBase64, utf8Length } from './base64.ts';

/**
 * A small CloudWatch Logs Insights engine: enough of the query language for diagnosis queries
 * over execution and access logs. Commands: `fields`, `display`, `filter`, `parse` (regex with
 * named groups, or a glob with `as`), `stats` (count, count_distinct, sum, avg, min, max, pct,
 * earliest, latest; `by` fields or `bin(5m)`), `sort`, `limit`. JSON messages have their fields
 * discovered (nested as `a.b`), as Insights does.
 */

export class InsightsQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InsightsQueryError';
  }
}

export interface InsightsEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  logStreamName: string;
  logGroup: string;
  eventId: string;
}

export interface InsightsOutcome {
  rows: Array<Array<{ field: string; value: string }>>;
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
}

type Value = string | number | boolean | null | undefined;
type Row = Map<string, Value>;
type Expr = (row: Row) => Value;

export function runInsightsQuery(query: string, events: readonly InsightsEvent[], limit = 10_000): InsightsOutcome {
  const commands = splitPipeline(query).map(parseCommand);
  let rows: Row[] = events.map(toRow);
  let projection: string[] | undefined;
  let aggregated = false;
  let limitRows = limit;
  let matched = rows.length;
  for (const command of commands) {
    switch (command.kind) {
      case 'filter':
        rows = rows.filter((r) => truthy(command.test(r)));
        if (!aggregated) matched = rows.length;
        break;
      case 'parse':
        for (const r of rows) command.apply(r);
        break;
      case 'fields':
        for (const r of rows) for (const f of command.fields) if (f.alias) r.set(f.alias, f.expr(r));
        projection = [...(projection ?? []), ...command.fields.map((f) => f.alias ?? f.name)];
        break;
      case 'display':
        projection = command.fields;
        break;
      case 'stats':
        rows = command.apply(rows);
        projection = command.columns;
        aggregated = true;
        break;
      case 'sort':
        rows = [...rows].sort((a, b) => {
          for (const key of command.keys) {
            const c = naturalCompare(a.get(key.field), b.get(key.field));
            if (c !== 0) return key.desc ? -c : c;
          }
          return 0;
        });
        break;
      case 'limit':
        limitRows = Math.min(limitRows, command.n);
        break;
    }
  }
  const columns = projection ?? ['@timestamp', '@message'];
  const withPtr = aggregated ? columns : [...columns.filter((c) => c !== '@ptr'), '@ptr'];
  const out = rows
    .slice(0, limitRows)
    .map((r) => withPtr.filter((c) => r.get(c) !== undefined && r.get(c) !== null).map((c) => ({ field: c, value: formatValue(c, r.get(c)) })));
  return {
    rows: out,
    recordsMatched: matched,
    recordsScanned: events.length,
    bytesScanned: events.reduce((n, e) => n + utf8Length(e.message), 0),
  };
}

function toRow(e: InsightsEvent): Row {
  const row: Row = new Map<string, Value>([
    ['@timestamp', e.timestamp],
    ['@ingestionTime', e.ingestionTime],
    ['@message', e.message],
    ['@logStream', e.logStreamName],
    ['@log', e.logGroup],
    ['@ptr', textToBase64(`${e.logGroup}|${e.eventId}`)],
  ]);
  if (e.message.startsWith('{')) {
    try {
      flatten(JSON.parse(e.message) as unknown, '', row);
    } catch {
      // Not JSON after all: Insights simply discovers no fields.
    }
  }
  return row;
}

function flatten(value: unknown, prefix: string, row: Row): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, row);
  } else if (prefix) {
    row.set(prefix, Array.isArray(value) ? JSON.stringify(value) : (value as Value));
  }
}

function formatValue(field: string, value: Value): string {
  if ((field === '@timestamp' || field === '@ingestionTime' || /^bin\(/.test(field)) && typeof value === 'number') {
    return new Date(value).toISOString().replace('T', ' ').replace('Z', '');
  }
  return String(value);
}

// -------------------------------------------------------------------------------------------
// commands

type Command =
  | { kind: 'filter'; test: Expr }
  | { kind: 'parse'; apply: (r: Row) => void }
  | { kind: 'fields'; fields: Array<{ name: string; alias?: string; expr: Expr }> }
  | { kind: 'display'; fields: string[] }
  | { kind: 'stats'; apply: (rows: Row[]) => Row[]; columns: string[] }
  | { kind: 'sort'; keys: Array<{ field: string; desc: boolean }> }
  | { kind: 'limit'; n: number };

function splitPipeline(query: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i] as string;
    if (quote) {
      current += ch;
      if (ch === '\\') current += query[++i] ?? '';
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`' || (ch === '/' && regexCanStart(current))) quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (ch === '|' && depth === 0 && query[i + 1] !== '|' && query[i - 1] !== '|') {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** A "/" opens a regex after an operator keyword or at the start of an operand. */
function regexCanStart(before: string): boolean {
  return /(like|=~|parse\s+[@\w.]+|\(|,|^)\s*$/i.test(before);
}

function parseCommand(text: string): Command {
  const m = /^(\w+)\s*([\s\S]*)$/.exec(text);
  if (!m) throw new InsightsQueryError(`cannot read query command "${text}"`);
  const name = (m[1] as string).toLowerCase();
  const rest = (m[2] as string).trim();
  switch (name) {
    case 'filter':
      return { kind: 'filter', test: new ExprParser(rest).parseAll() };
    case 'fields':
      return {
        kind: 'fields',
        fields: splitTopLevel(rest).map((part) => {
          const alias = /^([\s\S]+?)\s+as\s+([@\w.]+)$/i.exec(part);
          const source = (alias ? alias[1] : part) as string;
          return { name: source.trim(), alias: alias?.[2], expr: new ExprParser(source).parseAll() };
        }),
      };
    case 'display':
      return { kind: 'display', fields: splitTopLevel(rest).map(unquoteField) };
    case 'parse':
      return parseParse(rest);
    case 'stats':
      return parseStats(rest);
    case 'sort':
      return {
        kind: 'sort',
        keys: splitTopLevel(rest).map((k) => {
          const km = /^(.+?)(?:\s+(asc|desc))?$/i.exec(k.trim());
          return { field: unquoteField(km?.[1] ?? k), desc: (km?.[2] ?? 'asc').toLowerCase() === 'desc' };
        }),
      };
    case 'limit': {
      const n = Number(rest);
      if (!Number.isInteger(n) || n < 1) throw new InsightsQueryError(`limit needs a positive number, got "${rest}"`);
      return { kind: 'limit', n };
    }
    default:
      throw new InsightsQueryError(`unsupported query command "${name}"`);
  }
}

function parseParse(rest: string): Command {
  const regex = /^([@\w.]+)\s+\/([\s\S]*)\/([a-z]*)$/.exec(rest);
  if (regex) {
    const field = regex[1] as string;
    const re = new RegExp(regex[2] as string, (regex[3] ?? '').replace(/[^imsu]/g, ''));
    return {
      kind: 'parse',
      apply: (r) => {
        const groups = re.exec(String(r.get(field) ?? ''))?.groups;
        if (groups) for (const [k, v] of Object.entries(groups)) r.set(k, v);
      },
    };
  }
  const glob = /^([@\w.]+)\s+(["'])([\s\S]*)\2\s+as\s+([\s\S]+)$/i.exec(rest);
  if (glob) {
    const field = glob[1] as string;
    const names = splitTopLevel(glob[4] as string).map((n) => n.trim());
    const re = new RegExp(`${(glob[3] as string).split('*').map(escapeRegex).join('(.*?)')}`);
    return {
      kind: 'parse',
      apply: (r) => {
        const found = re.exec(String(r.get(field) ?? ''));
        if (found) names.forEach((n, i) => r.set(n, found[i + 1]));
      },
    };
  }
  throw new InsightsQueryError(`cannot read parse command "parse ${rest}"`);
}

interface Aggregate {
  column: string;
  fn: string;
  args: Expr[];
  raw: string[];
}

function parseStats(rest: string): Command {
  const byMatch = /^([\s\S]*?)\s+by\s+([\s\S]+)$/i.exec(rest);
  const aggText = (byMatch ? byMatch[1] : rest) as string;
  const groupText = byMatch?.[2];
  const aggregates: Aggregate[] = splitTopLevel(aggText).map((part) => {
    const am = /^(\w+)\s*\(([\s\S]*)\)\s*(?:as\s+([@\w.]+))?$/i.exec(part.trim());
    if (!am) throw new InsightsQueryError(`cannot read stats function "${part}"`);
    const fn = (am[1] as string).toLowerCase();
    const raw = splitTopLevel(am[2] as string).map((a) => a.trim());
    if (!['count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'pct', 'earliest', 'latest'].includes(fn))
      throw new InsightsQueryError(`unsupported stats function "${fn}"`);
    return {
      column: am[3] ?? part.trim().replace(/\s+as\s+.*$/i, ''),
      fn,
      raw,
      args: raw.filter((a) => a !== '*' && a !== '').map((a) => new ExprParser(a).parseAll()),
    };
  });
  const groups = (groupText ? splitTopLevel(groupText) : []).map((g) => {
    const gm = /^([\s\S]+?)(?:\s+as\s+([@\w.]+))?$/i.exec(g.trim());
    const source = (gm?.[1] ?? g).trim();
    const bin = /^bin\(\s*(\d+)\s*(ms|s|m|h|d)?\s*\)$/i.exec(source);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(bin?.[2] ?? 's').toLowerCase() as 'ms'];
    const expr: Expr = bin
      ? (r) => Math.floor(Number(r.get('@timestamp')) / (Number(bin[1]) * unit)) * Number(bin[1]) * unit
      : new ExprParser(source).parseAll();
    return { column: gm?.[2] ?? source, expr };
  });
  return {
    kind: 'stats',
    columns: [...groups.map((g) => g.column), ...aggregates.map((a) => a.column)],
    apply: (rows) => {
      const buckets = new Map<string, { key: Value[]; rows: Row[] }>();
      for (const r of rows) {
        const key = groups.map((g) => g.expr(r));
        const id = JSON.stringify(key);
        const bucket = buckets.get(id) ?? { key, rows: [] };
        bucket.rows.push(r);
        buckets.set(id, bucket);
      }
      return [...buckets.values()].map(({ key, rows: members }) => {
        const out: Row = new Map();
        groups.forEach((g, i) => out.set(g.column, key[i]));
        for (const a of aggregates) out.set(a.column, aggregate(a, members));
        return out;
      });
    },
  };
}

function aggregate(a: Aggregate, rows: Row[]): Value {
  const arg = a.args[0];
  const values = arg ? rows.map(arg).filter((v) => v !== undefined && v !== null && v !== '') : [];
  const numbers = values.map(Number).filter((n) => !Number.isNaN(n));
  switch (a.fn) {
    case 'count':
      return arg ? values.length : rows.length;
    case 'count_distinct':
      return new Set(values.map(String)).size;
    case 'sum':
      return numbers.reduce((s, n) => s + n, 0);
    case 'avg':
      return numbers.length ? numbers.reduce((s, n) => s + n, 0) / numbers.length : null;
    case 'min':
      return numbers.length ? Math.min(...numbers) : null;
    case 'max':
      return numbers.length ? Math.max(...numbers) : null;
    case 'pct': {
      const p = Number(a.raw[1] ?? 50);
      const sorted = [...numbers].sort((x, y) => x - y);
      return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null) : null;
    }
    case 'earliest':
      return values[0];
    default:
      return values[values.length - 1];
  }
}

// -------------------------------------------------------------------------------------------
// expressions: or / and / not, comparisons, like, in, functions, literals, fields

class ExprParser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parseAll(): Expr {
    const e = this.parseOr();
    this.space();
    if (this.pos < this.src.length) throw new InsightsQueryError(`unexpected "${this.src.slice(this.pos)}" in "${this.src}"`);
    return e;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.keyword('or') || this.symbol('||')) {
      const l = left;
      const r = this.parseAnd();
      left = (row) => truthy(l(row)) || truthy(r(row));
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.keyword('and') || this.symbol('&&')) {
      const l = left;
      const r = this.parseNot();
      left = (row) => truthy(l(row)) && truthy(r(row));
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.keyword('not') || this.symbol('!')) {
      const inner = this.parseNot();
      return (row) => !truthy(inner(row));
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    const left = this.parseOperand();
    const negated = this.keyword('not');
    if (this.keyword('like') || this.symbol('=~')) {
      const pattern = this.parseOperandOrRegex();
      const test: Expr = (row) => {
        const subject = String(left(row) ?? '');
        const p = pattern.regex ?? String(pattern.expr?.(row) ?? '');
        return typeof p === 'string' ? subject.includes(p) : p.test(subject);
      };
      return negated ? (row) => !truthy(test(row)) : test;
    }
    if (this.keyword('in')) {
      const list = this.parseList();
      const test: Expr = (row) => list.some((item) => looseEquals(left(row), item(row)));
      return negated ? (row) => !truthy(test(row)) : test;
    }
    if (negated) throw new InsightsQueryError(`"not" must be followed by like or in in "${this.src}"`);
    for (const op of ['!=', '>=', '<=', '=', '>', '<']) {
      if (this.symbol(op)) {
        const right = this.parseOperand();
        return (row) => compareValues(left(row), op, right(row));
      }
    }
    return left;
  }

  private parseList(): Expr[] {
    if (!this.symbol('[')) throw new InsightsQueryError(`"in" needs a [list] in "${this.src}"`);
    const items: Expr[] = [];
    while (!this.symbol(']')) {
      items.push(this.parseOperand());
      this.symbol(',');
      if (this.pos >= this.src.length) throw new InsightsQueryError(`unterminated list in "${this.src}"`);
    }
    return items;
  }

  private parseOperandOrRegex(): { regex?: RegExp; expr?: Expr } {
    this.space();
    if (this.src[this.pos] === '/') {
      const end = findClosing(this.src, this.pos, '/');
      const body = this.src.slice(this.pos + 1, end);
      this.pos = end + 1;
      const flags = /^[a-z]*/.exec(this.src.slice(this.pos))?.[0] ?? '';
      this.pos += flags.length;
      return { regex: new RegExp(body.replace(/^\(\?i\)/, ''), body.startsWith('(?i)') ? 'i' : flags.replace(/[^imsu]/g, '')) };
    }
    return { expr: this.parseOperand() };
  }

  private parseOperand(): Expr {
    this.space();
    const ch = this.src[this.pos];
    if (ch === '(') {
      this.pos++;
      const inner = this.parseOr();
      if (!this.symbol(')')) throw new InsightsQueryError(`missing ")" in "${this.src}"`);
      return inner;
    }
    if (ch === '"' || ch === "'") {
      const end = findClosing(this.src, this.pos, ch);
      const text = this.src.slice(this.pos + 1, end).replace(/\\(.)/g, '$1');
      this.pos = end + 1;
      return () => text;
    }
    if (ch === '`') {
      const end = findClosing(this.src, this.pos, '`');
      const name = this.src.slice(this.pos + 1, end);
      this.pos = end + 1;
      return (row) => row.get(name);
    }
    const num = /^-?\d+(\.\d+)?/.exec(this.src.slice(this.pos));
    if (num) {
      this.pos += num[0].length;
      const n = Number(num[0]);
      return () => n;
    }
    const ident = /^[@A-Za-z_][\w.@$-]*/.exec(this.src.slice(this.pos));
    if (!ident) throw new InsightsQueryError(`expected a field or value at "${this.src.slice(this.pos)}"`);
    this.pos += ident[0].length;
    const name = ident[0];
    this.space();
    if (this.src[this.pos] === '(') {
      this.pos++;
      const args: Expr[] = [];
      while (!this.symbol(')')) {
        args.push(this.parseOr());
        this.symbol(',');
        if (this.pos >= this.src.length) throw new InsightsQueryError(`unterminated call to ${name} in "${this.src}"`);
      }
      return callFunction(name.toLowerCase(), args);
    }
    return (row) => row.get(name);
  }

  private keyword(word: string): boolean {
    this.space();
    const re = new RegExp(`^${word}\\b`, 'i');
    if (re.test(this.src.slice(this.pos))) {
      this.pos += word.length;
      return true;
    }
    return false;
  }

  private symbol(token: string): boolean {
    this.space();
    if (this.src.startsWith(token, this.pos)) {
      // "=" must not swallow the first half of "=~".
      if (token === '=' && this.src[this.pos + 1] === '~') return false;
      if (token === '!' && this.src[this.pos + 1] === '=') return false;
      this.pos += token.length;
      return true;
    }
    return false;
  }

  private space(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos] as string)) this.pos++;
  }
}

function callFunction(name: string, args: Expr[]): Expr {
  const [a, b] = args;
  switch (name) {
    case 'ispresent':
      return (r) => a?.(r) !== undefined && a?.(r) !== null;
    case 'isempty':
      return (r) => a?.(r) === undefined || a?.(r) === null || a?.(r) === '';
    case 'tolower':
      return (r) => String(a?.(r) ?? '').toLowerCase();
    case 'toupper':
      return (r) => String(a?.(r) ?? '').toUpperCase();
    case 'strlen':
      return (r) => String(a?.(r) ?? '').length;
    case 'tonumber':
      return (r) => Number(a?.(r));
    case 'concat':
      return (r) => args.map((x) => String(x(r) ?? '')).join('');
    case 'strcontains':
      return (r) => String(a?.(r) ?? '').includes(String(b?.(r) ?? ''));
    default:
      throw new InsightsQueryError(`unsupported function "${name}"`);
  }
}

function findClosing(src: string, start: number, quote: string): number {
  for (let i = start + 1; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === quote) return i;
  }
  throw new InsightsQueryError(`unterminated ${quote} in "${src}"`);
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === '\\') {
        current += ch + (text[++i] ?? '');
        continue;
      }
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'" || ch === '`' || (ch === '/' && /(like|=~|,|\(|^)\s*$/i.test(current))) quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

function unquoteField(f: string): string {
  const t = f.trim();
  return t.startsWith('`') && t.endsWith('`') ? t.slice(1, -1) : t;
}

function truthy(v: Value): boolean {
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
}

function asNumber(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

function looseEquals(a: Value, b: Value): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  return String(a) === String(b);
}

function compareValues(a: Value, op: string, b: Value): boolean {
  if (a === undefined || a === null) return false;
  if (op === '=') return looseEquals(a, b);
  if (op === '!=') return !looseEquals(a, b);
  const na = asNumber(a);
  const nb = asNumber(b);
  const c = na !== undefined && nb !== undefined ? na - nb : String(a).localeCompare(String(b));
  return op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c <= 0;
}

/** Insights' natural order: non-numbers first, then numbers by value. */
function naturalCompare(a: Value, b: Value): number {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na - nb;
  if (na !== undefined) return 1;
  if (nb !== undefined) return -1;
  return String(a ?? '').localeCompare(String(b ?? ''), 'en', { numeric: true });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
