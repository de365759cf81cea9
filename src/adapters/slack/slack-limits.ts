/**
 * Block Kit limits Slack enforces on a message (facts.md section E). The renderers fit their
 * output inside them and the Slack API stand-in rejects anything outside them, from one table.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  /** Any text object (section text, context element, plain text) holds 1 to 3,000 characters. */
  textObject: 3000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  /** A context_actions block holds feedback and icon buttons, at most five. */
  contextActionsElements: 5,
  /** A Home tab (views.publish) holds up to 100 blocks. */
  blocksPerView: 100,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  inputLabel: 2000,
  plainTextInput: 3000,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  imageUrl: 3000,
  altText: 2000,
  /**
   * A markdown block's text; the markdown block reference makes it a cumulative limit: all the
   * markdown blocks of one payload together hold at most 12,000 characters.
   */
  markdownBlockText: 12_000,
  /** A table block holds at most 100 rows of at most 20 cells, and 20 column settings (table block reference). */
  tableRows: 100,
  tableCells: 20,
  tableColumnSettings: 20,
  /** Slack shows one table per message; a second is refused. */
  tablesPerMessage: 1,
  /**
   * Slack answers msg_blocks_too_long somewhere around 12-13k characters of text summed over all
   * blocks, below every per-block limit (bolt-js issues 2509 and 2867); the exact rule is undocumented.
   */
  blocksTotalText: 12_000,
  /** chat.postMessage truncates the top-level `text` beyond this. */
  messageText: 40_000,
} as const;

/**
 * What our own messages aim for in total text: well clear of the undocumented cumulative limit,
 * which has rejected messages measured at 11.3k characters.
 */
export const MESSAGE_TEXT_BUDGET = 8000;
