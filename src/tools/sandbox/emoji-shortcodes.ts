/**
 * The emoji shortcodes a runbook or a scenario is likely to use, as Slack shows them. Unknown
 * codes stay as typed (`:custom_emoji:`), which is what Slack does for an emoji it does not know.
 */
const EMOJI: Record<string, string> = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  rotating_light: '🚨',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  large_orange_circle: '🟠',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  mag: '🔍',
  wrench: '🔧',
  hammer_and_wrench: '🛠️',
  bulb: '💡',
  fire: '🔥',
  pager: '📟',
  chart_with_upwards_trend: '📈',
  bar_chart: '📊',
  memo: '📝',
  page_facing_up: '📄',
  lock: '🔒',
  key: '🔑',
  link: '🔗',
  question: '❓',
  grey_question: '❔',
  information_source: 'ℹ️',
  ballot_box_with_check: '☑️',
  black_right_pointing_double_triangle_with_vertical_bar: '⏭️',
  heavy_minus_sign: '➖',
  heavy_plus_sign: '➕',
  thumbsup: '👍',
  '+1': '👍',
  thumbsdown: '👎',
  '-1': '👎',
  eyes: '👀',
  tada: '🎉',
  stopwatch: '⏱️',
  clock1: '🕐',
  robot_face: '🤖',
  zap: '⚡',
  no_entry: '⛔',
  construction: '🚧',
  cloud: '☁️',
};

/** Replaces known `:shortcode:` emoji in text that is already HTML-escaped. */
export function replaceEmojiShortcodes(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
}

/** The emoji for a rich_text `emoji` element, or its `:name:` when unknown. */
export function emojiFor(name: string): string {
  return EMOJI[name] ?? `:${name}:`;
}
