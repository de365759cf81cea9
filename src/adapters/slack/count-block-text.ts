/**
 * Characters of text summed over every `text` field of some blocks, at any depth: the measure
 * Slack's cumulative limit on a message's blocks is closest to. fitBlocks shrinks the longest
 * texts until the sum is within budget; the Block Kit check in tools uses the same count.
 *
 * @example
 * countBlockText([{ type: 'section', text: { type: 'mrkdwn', text: 'abc' } }]); // 3
 */
export function countBlockText(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countBlockText(v), 0);
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'text' && typeof v === 'string') n += v.length;
    else if (typeof v === 'object' && v !== null) n += countBlockText(v);
  }
  return n;
}
