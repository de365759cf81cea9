/**
 * Slack's `<!date^…>` tokens, formatted as Slack formats them for a reader: {date_num},
 * {date}, {date_short}, {date_long}, their `_pretty` forms (today, yesterday, tomorrow),
 * {time}, {time_secs} and {ago}, in the reader's time zone.
 */

export interface DateFormatOptions {
  /** IANA zone the reader sits in; the machine's own when omitted. */
  timeZone?: string;
  now?: Date;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  weekday: string;
  monthLong: string;
  monthShort: string;
  time: string;
  timeSecs: string;
}

/**
 * Formats a Unix time (seconds) with a Slack date format string.
 *
 * @example
 * formatSlackDate(1392734382, '{date_short} at {time}', { timeZone: 'UTC' }); // 'Feb 18, 2014 at 2:39 PM'
 */
export function formatSlackDate(seconds: number, format: string, options: DateFormatOptions = {}): string {
  const date = new Date(seconds * 1000);
  const now = options.now ?? new Date();
  const parts = partsOf(date, options.timeZone);
  const today = partsOf(now, options.timeZone);
  const dayOffset = Math.round((Date.UTC(parts.year, parts.month - 1, parts.day) - Date.UTC(today.year, today.month - 1, today.day)) / 86_400_000);
  const pretty = dayOffset === 0 ? 'today' : dayOffset === -1 ? 'yesterday' : dayOffset === 1 ? 'tomorrow' : undefined;
  const dateText = `${parts.monthLong} ${ordinal(parts.day)}, ${parts.year}`;
  const shortText = `${parts.monthShort} ${parts.day}, ${parts.year}`;
  const longText = `${parts.weekday}, ${dateText}`;
  const tokens: Record<string, string> = {
    date_num: `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`,
    date: dateText,
    date_short: shortText,
    date_long: longText,
    date_pretty: pretty ?? dateText,
    date_short_pretty: pretty ?? shortText,
    date_long_pretty: pretty ?? longText,
    time: parts.time,
    time_secs: parts.timeSecs,
    ago: ago(now.getTime() - date.getTime()),
  };
  return format.replace(/\{([a-z_]+)\}/g, (whole, name: string) => tokens[name] ?? whole);
}

function partsOf(date: Date, timeZone: string | undefined): Parts {
  const zone = timeZone ? { timeZone } : {};
  const pick = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-US', { ...zone, ...opts }).formatToParts(date);
  const numeric = Object.fromEntries(pick({ year: 'numeric', month: 'numeric', day: 'numeric' }).map((p) => [p.type, p.value]));
  const named = Object.fromEntries(pick({ weekday: 'long', month: 'long' }).map((p) => [p.type, p.value]));
  const short = Object.fromEntries(pick({ month: 'short' }).map((p) => [p.type, p.value]));
  return {
    year: Number(numeric['year']),
    month: Number(numeric['month']),
    day: Number(numeric['day']),
    weekday: named['weekday'] ?? '',
    monthLong: named['month'] ?? '',
    monthShort: short['month'] ?? '',
    time: new Intl.DateTimeFormat('en-US', { ...zone, hour: 'numeric', minute: '2-digit' }).format(date),
    timeSecs: new Intl.DateTimeFormat('en-US', { ...zone, hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(date),
  };
}

function ordinal(n: number): string {
  const rem100 = n % 100;
  if (rem100 >= 11 && rem100 <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function ago(ms: number): string {
  const future = ms < 0;
  const s = Math.abs(ms) / 1000;
  const [value, unit] =
    s < 60
      ? [Math.round(s), 'second']
      : s < 3600
        ? [Math.round(s / 60), 'minute']
        : s < 86_400
          ? [Math.round(s / 3600), 'hour']
          : [Math.round(s / 86_400), 'day'];
  const text = `${value} ${unit}${value === 1 ? '' : 's'}`;
  return future ? `in ${text}` : `${text} ago`;
}
