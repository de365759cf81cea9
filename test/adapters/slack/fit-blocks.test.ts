import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actions, button, context, fieldsSection, header, section, type KnownBlock } from '../../../src/adapters/slack/block-kit.ts';
import { andMore, capList, fitBlocks, Fitter, truncateText } from '../../../src/adapters/slack/fit-blocks.ts';
import { MESSAGE_TEXT_BUDGET } from '../../../src/adapters/slack/slack-limits.ts';
import { countBlockText } from '../../../src/adapters/slack/count-block-text.ts';
import { validateBlocks } from '../../../src/tools/block-kit-check/validate-blocks.ts';

describe('truncateText', () => {
  it('leaves text that fits alone', () => {
    expect(truncateText('short', 5)).toBe('short');
  });

  it('cuts at a word boundary near the end and adds an ellipsis', () => {
    expect(truncateText('Execution failed due to a timeout error', 20)).toBe('Execution failed…');
  });

  it('never splits an entity or a <…> token', () => {
    // Prepare: the naive cut would land inside "&amp;" and inside "<@U123>".
    const entity = truncateText('abcdefghij &amp; more text here', 13);
    const token = truncateText('abcdefgh <@U123ABC> rest of it', 14);

    // Assess
    expect(entity).toBe('abcdefghij…');
    expect(token).toBe('abcdefgh…');
  });

  it('closes a code block or span the cut left open', () => {
    const block = truncateText(`intro\n\`\`\`${'x'.repeat(100)}\`\`\``, 40);
    const span = truncateText(`run \`${'y'.repeat(100)}\``, 30);

    expect(block.endsWith('…\n```')).toBe(true);
    expect(block.length).toBeLessThanOrEqual(40);
    expect((block.match(/```/g) ?? []).length % 2).toBe(0);
    expect(span.endsWith('…`')).toBe(true);
    expect(span.length).toBeLessThanOrEqual(30);
  });

  it('does not leave half a surrogate pair', () => {
    const cut = truncateText('😀'.repeat(10), 6);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(cut.length).toBeLessThanOrEqual(6);
  });

  it('stays within tiny limits', () => {
    expect(truncateText('abcdef', 1)).toBe('…');
    expect(truncateText('abcdef', 0)).toBe('');
  });
});

describe('capList and andMore', () => {
  it('keeps the first items and counts the rest', () => {
    expect(capList([1, 2, 3, 4, 5], 3)).toEqual({ shown: [1, 2, 3], hidden: 2 });
    expect(capList([1], 3)).toEqual({ shown: [1], hidden: 0 });
    expect(andMore(2, 'changes')).toBe('and 2 more changes');
  });

  it('Fitter remembers a cut', () => {
    const fitter = new Fitter();
    fitter.text('fits', 10);
    fitter.list([1, 2], 2);
    expect(fitter.cut).toBe(false);
    fitter.list([1, 2, 3], 2);
    expect(fitter.cut).toBe(true);
  });
});

describe('fitBlocks', () => {
  it('repairs every broken limit', () => {
    // Prepare
    const blocks: KnownBlock[] = [
      header('h'.repeat(400)),
      section('s'.repeat(5000)),
      fieldsSection(Array.from({ length: 14 }, () => 'f'.repeat(2500))),
      context(...Array.from({ length: 13 }, () => 'c')),
      actions(Array.from({ length: 30 }, (_, i) => button('b'.repeat(90), i % 2 === 0 ? 'same' : `id${i}`, '{}'))),
      ...Array.from({ length: 60 }, () => section('filler')),
    ];
    let cut = false;

    // Act
    const fitted = fitBlocks(blocks, { onCut: () => (cut = true) });

    // Assess
    expect(validateBlocks(fitted)).toEqual([]);
    expect(fitted).toHaveLength(50);
    expect(fitted.some((b) => b.type === 'actions')).toBe(true);
    expect(countBlockText(fitted)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
    expect(JSON.stringify(fitted)).toContain('more blocks left out');
    expect(cut).toBe(true);
  });

  it('fits even a message made only of long buttons', () => {
    const blocks = Array.from({ length: 12 }, (_, n) => actions(Array.from({ length: 25 }, (_, i) => button('b'.repeat(75), `a${n}-${i}`, '{}'))));
    const fitted = fitBlocks(blocks);
    expect(validateBlocks(fitted)).toEqual([]);
    expect(fitted.length).toBeGreaterThan(0);
  });

  it('returns valid blocks untouched and reports no cut', () => {
    const blocks: KnownBlock[] = [header('Verdict'), section('All good'), actions([button('Re-check now', 'a', '{}')])];
    let cut = false;
    expect(fitBlocks(blocks, { onCut: () => (cut = true) })).toEqual(blocks);
    expect(cut).toBe(false);
  });

  it('always produces valid blocks, whatever the text lengths and counts (property)', () => {
    const textArb = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.integer({ min: 0, max: 6000 }).map((n) => 'x'.repeat(n)),
      fc
        .tuple(fc.integer({ min: 0, max: 3500 }), fc.constantFrom('`', '```', '&amp;', '<@U1>', ' ', '\n', '😀'))
        .map(([n, s]) => `${'a '.repeat(n)}${s}`.repeat(2)),
    );
    const blockArb: fc.Arbitrary<KnownBlock> = fc.oneof(
      textArb.map(header),
      textArb.map(section),
      fc.array(textArb, { maxLength: 14 }).map(fieldsSection),
      fc.array(textArb, { maxLength: 14 }).map((texts) => context(...texts)),
      fc
        .array(fc.tuple(textArb, fc.constantFrom('a', 'b', 'c', 'x'.repeat(300))), { minLength: 1, maxLength: 30 })
        .map((buttons) => actions(buttons.map(([label, id]) => button(label, id, '{"diagnosisId":"d","version":1}')))),
    );
    fc.assert(
      fc.property(fc.array(blockArb, { maxLength: 70 }), (blocks) => {
        const fitted = fitBlocks(blocks);
        expect(validateBlocks(fitted)).toEqual([]);
        expect(countBlockText(fitted)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
      }),
      { numRuns: 150 },
    );
  });
});
