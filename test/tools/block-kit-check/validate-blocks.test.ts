import { describe, expect, it } from 'vitest';
import { countBlockText } from '../../../src/adapters/slack/count-block-text.ts';
import { BLOCKS_TOO_LONG, validateBlocks, validateHomeView } from '../../../src/tools/block-kit-check/validate-blocks.ts';

const text = (n: number, ch = 'x') => ch.repeat(n);
const mrkdwn = (t: string) => ({ type: 'mrkdwn', text: t });
const plain = (t: string) => ({ type: 'plain_text', text: t });
const button = (label: string, actionId: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  text: plain(label),
  action_id: actionId,
  ...extra,
});
const section = (t: string) => ({ type: 'section', text: mrkdwn(t) });
const cell = (t: string) => ({ type: 'raw_text', text: t });
const table = (rows: number, cells: number, extra: Record<string, unknown> = {}) => ({
  type: 'table',
  rows: Array.from({ length: rows }, () => Array.from({ length: cells }, () => cell('c'))),
  ...extra,
});

describe('validateBlocks', () => {
  it('accepts blocks exactly at every limit', () => {
    // Prepare
    const blocks = [
      { type: 'header', text: plain(text(150)) },
      section(text(3000)),
      { type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn(text(200))) },
      { type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) },
      { type: 'divider' },
      {
        type: 'actions',
        block_id: text(255, 'b'),
        elements: Array.from({ length: 25 }, (_, i) => button(text(75), `${text(250, 'a')}${String(i).padStart(5, '0')}`, { value: text(20) })),
      },
      { type: 'actions', elements: [button('ok', 'a', { value: text(2000), style: 'danger' })] },
    ];

    // Act
    const problems = validateBlocks(blocks);

    // Assess
    expect(problems).toEqual([]);
  });

  // Each row breaks exactly one limit; the problem names the limit and where it broke.
  const cases: Array<{ name: string; blocks: unknown; expected: string }> = [
    { name: '51 blocks', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })), expected: 'no more than 50 items allowed [json-pointer:/blocks]' },
    { name: '3001-char section text', blocks: [section(text(3001))], expected: 'must be less than 3001 characters [json-pointer:/blocks/0/text/text]' },
    { name: 'empty section text', blocks: [section('')], expected: 'must be more than 0 characters [json-pointer:/blocks/0/text/text]' },
    { name: 'section without text or fields', blocks: [{ type: 'section' }], expected: 'must provide either text or fields [json-pointer:/blocks/0]' },
    {
      name: '11 fields',
      blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }],
      expected: 'no more than 10 items allowed [json-pointer:/blocks/0/fields]',
    },
    {
      name: '2001-char field',
      blocks: [{ type: 'section', fields: [mrkdwn(text(2001))] }],
      expected: 'must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]',
    },
    {
      name: '151-char header',
      blocks: [{ type: 'header', text: plain(text(151)) }],
      expected: 'must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    },
    { name: 'mrkdwn header', blocks: [{ type: 'header', text: mrkdwn('hi') }], expected: 'must be plain_text [json-pointer:/blocks/0/text/type]' },
    {
      name: '11 context elements',
      blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
      expected: 'no more than 10 items allowed [json-pointer:/blocks/0/elements]',
    },
    {
      name: '3001-char context element',
      blocks: [{ type: 'context', elements: [mrkdwn(text(3001))] }],
      expected: 'must be less than 3001 characters [json-pointer:/blocks/0/elements/0/text]',
    },
    {
      name: '26 buttons',
      blocks: [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button('b', `a${i}`)) }],
      expected: 'no more than 25 items allowed [json-pointer:/blocks/0/elements]',
    },
    { name: 'empty actions', blocks: [{ type: 'actions', elements: [] }], expected: 'must be a non-empty array [json-pointer:/blocks/0/elements]' },
    {
      name: '76-char button',
      blocks: [{ type: 'actions', elements: [button(text(76), 'a')] }],
      expected: 'must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
    },
    {
      name: '2001-char button value',
      blocks: [{ type: 'actions', elements: [button('b', 'a', { value: text(2001) })] }],
      expected: 'must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
    },
    {
      name: '3001-char button url',
      blocks: [{ type: 'actions', elements: [button('b', 'a', { url: text(3001) })] }],
      expected: 'must be less than 3001 characters [json-pointer:/blocks/0/elements/0/url]',
    },
    {
      name: 'unknown button style',
      blocks: [{ type: 'actions', elements: [button('b', 'a', { style: 'green' })] }],
      expected: 'must be one of: primary, danger [json-pointer:/blocks/0/elements/0/style]',
    },
    {
      name: '256-char action_id',
      blocks: [{ type: 'actions', elements: [button('b', text(256))] }],
      expected: 'must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]',
    },
    {
      name: 'duplicate action ids in one block',
      blocks: [{ type: 'actions', elements: [button('b', 'same'), button('c', 'same')] }],
      expected: 'duplicate action_id: same [json-pointer:/blocks/0/elements/1/action_id]',
    },
    {
      name: '256-char block_id',
      blocks: [{ type: 'divider', block_id: text(256) }],
      expected: 'must be less than 256 characters [json-pointer:/blocks/0/block_id]',
    },
    {
      name: 'duplicate block ids in one message',
      blocks: [
        { type: 'divider', block_id: 'x' },
        { type: 'divider', block_id: 'x' },
      ],
      expected: 'duplicate block_id: x [json-pointer:/blocks/1/block_id]',
    },
    { name: 'unknown block type', blocks: [{ type: 'carousel-ish' }], expected: 'unsupported type: carousel-ish [json-pointer:/blocks/0/type]' },
    { name: 'not an array', blocks: { type: 'divider' }, expected: 'must be an array [json-pointer:/blocks]' },
    {
      name: 'text summed over the blocks above the cumulative limit',
      blocks: Array.from({ length: 5 }, () => section(text(2500))),
      expected: `${BLOCKS_TOO_LONG}: the blocks hold 12500 characters of text`,
    },
  ];

  it.each(cases)('rejects $name', ({ blocks, expected }) => {
    // Act
    const problems = validateBlocks(blocks);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
    expect(problems[0]).toMatch(/^\[ERROR\] /);
  });

  it('accepts a table and markdown exactly at their limits', () => {
    // Prepare: 100 rows of 20 cells, 20 column settings (one left at its defaults), 12,000 characters of markdown in two blocks
    const blocks = [
      table(100, 20, { column_settings: [null, ...Array.from({ length: 19 }, () => ({ align: 'right', is_wrapped: true }))] }),
      { type: 'markdown', text: text(6000) },
      { type: 'markdown', text: text(6000) },
    ];

    // Act
    const problems = validateBlocks(blocks).filter((p) => !p.includes(BLOCKS_TOO_LONG));

    // Assess
    expect(problems).toEqual([]);
  });

  it('accepts every cell type a table takes', () => {
    const rows = [
      [cell('route'), { type: 'raw_number', value: 12, text: '12' }, { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [] }] }],
    ];
    expect(validateBlocks([{ type: 'table', rows }])).toEqual([]);
  });

  // One limit of the table and markdown blocks broken per row.
  const nativeCases: Array<{ name: string; blocks: unknown; expected: string }> = [
    { name: 'a table of 101 rows', blocks: [table(101, 1)], expected: 'no more than 100 items allowed [json-pointer:/blocks/0/rows]' },
    { name: 'a row of 21 cells', blocks: [table(1, 21)], expected: 'no more than 20 items allowed [json-pointer:/blocks/0/rows/0]' },
    { name: 'a table without rows', blocks: [{ type: 'table', rows: [] }], expected: 'must be a non-empty array [json-pointer:/blocks/0/rows]' },
    { name: 'an empty row', blocks: [{ type: 'table', rows: [[]] }], expected: 'must be a non-empty array [json-pointer:/blocks/0/rows/0]' },
    {
      name: 'an empty cell',
      blocks: [{ type: 'table', rows: [[cell('')]] }],
      expected: 'must be more than 0 characters [json-pointer:/blocks/0/rows/0/0/text]',
    },
    {
      name: 'a mrkdwn cell',
      blocks: [{ type: 'table', rows: [[mrkdwn('*x*')]] }],
      expected: 'must be raw_text, raw_number or rich_text [json-pointer:/blocks/0/rows/0/0/type]',
    },
    {
      name: 'a raw_number without a number',
      blocks: [{ type: 'table', rows: [[{ type: 'raw_number', value: '12', text: '12' }]] }],
      expected: 'must be a number [json-pointer:/blocks/0/rows/0/0/value]',
    },
    {
      name: '21 column settings',
      blocks: [table(1, 1, { column_settings: Array.from({ length: 21 }, () => ({ align: 'left' })) })],
      expected: 'no more than 20 items allowed [json-pointer:/blocks/0/column_settings]',
    },
    {
      name: 'an unknown alignment',
      blocks: [table(1, 1, { column_settings: [{ align: 'justify' }] })],
      expected: 'must be one of: left, center, right [json-pointer:/blocks/0/column_settings/0/align]',
    },
    {
      name: 'two tables in one message',
      blocks: [table(1, 1), section('between'), table(1, 1)],
      expected: 'only 1 table allowed per message [json-pointer:/blocks/2/type]',
    },
    {
      name: 'a 12,001-character markdown block',
      blocks: [{ type: 'markdown', text: text(12_001) }],
      expected: 'must be less than 12001 characters [json-pointer:/blocks/0/text]',
    },
    { name: 'an empty markdown block', blocks: [{ type: 'markdown', text: '' }], expected: 'must be more than 0 characters [json-pointer:/blocks/0/text]' },
    {
      name: 'markdown blocks over 12,000 characters together',
      blocks: [
        { type: 'markdown', text: text(6000) },
        { type: 'markdown', text: text(6001) },
      ],
      expected: 'markdown blocks must hold no more than 12000 characters together, not 12001 [json-pointer:/blocks]',
    },
  ];

  it.each(nativeCases)('rejects $name', ({ blocks, expected }) => {
    // Act: the cumulative text measure is a separate rule, tested above
    const problems = validateBlocks(blocks).filter((p) => !p.includes(BLOCKS_TOO_LONG));

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it('holds a Home tab to one table as well', () => {
    const problems = validateHomeView({ type: 'home', blocks: [table(1, 1), table(1, 1)] });
    expect(problems).toEqual(['[ERROR] only 1 table allowed per message [json-pointer:/view/blocks/1/type]']);
  });

  it('allows the same action id in different blocks', () => {
    const blocks = [
      { type: 'actions', elements: [button('b', 'same')] },
      { type: 'actions', elements: [button('b', 'same')] },
    ];
    expect(validateBlocks(blocks)).toEqual([]);
  });

  it('reports every problem, not just the first', () => {
    const blocks = [section(text(3001)), { type: 'header', text: plain(text(151)) }];
    expect(validateBlocks(blocks)).toHaveLength(2);
  });
});

describe('countBlockText', () => {
  it('sums every text field, nested or not', () => {
    const blocks = [section('abc'), { type: 'actions', elements: [button('de', 'a', { value: 'not counted' })] }, { type: 'context', elements: [mrkdwn('f')] }];
    expect(countBlockText(blocks)).toBe(6);
  });
});
