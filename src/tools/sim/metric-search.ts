/**
 * CloudWatch metric math SEARCH() for the simulator, evaluated for real over the account's
 * series: `SEARCH('{Namespace,Dim1,Dim2} MetricName="5XXError" Stage=prod', 'Sum', 60)`.
 * Supported: an optional schema in braces (namespace plus the exact set of dimension names),
 * `Property=value` / `Property="value"` terms (MetricName, Namespace or a dimension name) and
 * bare or quoted words, all ANDed; a word matches a whole token of the metric name or a
 * dimension value. Boolean operators and the other metric math functions are refused.
 */
import type { MetricSeries } from './sim-world.ts';

/** AWS returns at most this many time series for one search expression. */
export const SEARCH_MAX_SERIES = 500;

export interface ParsedSearch {
  namespace?: string;
  dimensionNames?: string[];
  properties: Array<{ name: string; value: string }>;
  words: string[];
  stat: string;
  period: number;
}

export class SearchSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchSyntaxError';
  }
}

const CALL = /^\s*SEARCH\(\s*'((?:[^'\\]|\\.)*)'\s*,\s*'([A-Za-z0-9.()%:]+)'\s*(?:,\s*(\d+)\s*)?\)\s*$/;

export function parseSearchExpression(expression: string, defaultPeriod: number): ParsedSearch {
  const call = CALL.exec(expression);
  if (!call) throw new SearchSyntaxError(`Unsupported expression: only SEARCH('<search>', '<stat>'[, period]) is evaluated here: ${expression}`);
  const [, body = '', stat = '', period] = call;
  let rest = body.trim();
  const parsed: ParsedSearch = { properties: [], words: [], stat, period: period ? Number(period) : defaultPeriod };
  const schema = /^\{([^}]*)\}/.exec(rest);
  if (schema) {
    const parts = (schema[1] ?? '').split(',').map((p) => unquote(p.trim()));
    const [namespace, ...dimensionNames] = parts;
    if (!namespace) throw new SearchSyntaxError('A search schema starts with the namespace: {AWS/ApiGateway,ApiName,Stage}');
    parsed.namespace = namespace;
    parsed.dimensionNames = dimensionNames;
    rest = rest.slice(schema[0].length);
  }
  const token = /\s*(?:([A-Za-z0-9_./-]+)=("(?:[^"\\]|\\.)*"|[^\s"]+)|("(?:[^"\\]|\\.)*")|(\S+))/y;
  for (let m = token.exec(rest); rest.trim() !== '' && m !== null; m = token.exec(rest)) {
    const [, prop, propValue, quoted, word] = m;
    if (prop !== undefined && propValue !== undefined) parsed.properties.push({ name: prop, value: unquote(propValue) });
    else if (quoted !== undefined) parsed.words.push(unquote(quoted));
    else if (word !== undefined) {
      if (/^(AND|OR|NOT)$/.test(word) || /[()]/.test(word)) throw new SearchSyntaxError(`The simulator does not evaluate boolean search terms (${word}).`);
      parsed.words.push(word);
    }
    if (token.lastIndex >= rest.length) break;
  }
  return parsed;
}

function unquote(text: string): string {
  return text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).replace(/\\(.)/g, '$1') : text;
}

/** The series a search finds, at most SEARCH_MAX_SERIES, in a stable order. */
export function searchSeries(all: readonly MetricSeries[], search: ParsedSearch): { series: MetricSeries[]; truncated: boolean } {
  const found = all.filter((s) => {
    if (search.namespace !== undefined && s.namespace !== search.namespace) return false;
    if (search.dimensionNames !== undefined) {
      const names = Object.keys(s.dimensions);
      if (names.length !== search.dimensionNames.length || !search.dimensionNames.every((n) => n in s.dimensions)) return false;
    }
    for (const { name, value } of search.properties) {
      const actual = name === 'MetricName' ? s.metricName : name === 'Namespace' ? s.namespace : s.dimensions[name];
      if (actual !== value) return false;
    }
    const tokens = [s.metricName, ...Object.values(s.dimensions)].flatMap((v) => [v, ...v.split(/[^A-Za-z0-9]+/)]);
    return search.words.every((w) => tokens.includes(w));
  });
  const key = (s: MetricSeries) => `${s.metricName}|${Object.entries(s.dimensions).flat().join('|')}`;
  found.sort((a, b) => key(a).localeCompare(key(b)));
  return { series: found.slice(0, SEARCH_MAX_SERIES), truncated: found.length > SEARCH_MAX_SERIES };
}

/** `${PROP('Dim.ApiName')}`, `${PROP('MetricName')}`, `${PROP('Namespace')}`; the default label is the dimension values and the metric name. */
export function seriesLabel(label: string | undefined, s: MetricSeries): string {
  if (label === undefined || label === '') return [...Object.values(s.dimensions), s.metricName].join(' ');
  return label.replace(/\$\{PROP\('([^']+)'\)\}/g, (_all, prop: string) => {
    if (prop === 'MetricName') return s.metricName;
    if (prop === 'Namespace') return s.namespace;
    if (prop.startsWith('Dim.')) return s.dimensions[prop.slice(4)] ?? '';
    return '';
  });
}
