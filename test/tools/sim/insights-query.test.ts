import { describe, expect, it } from 'vitest';
import { InsightsQueryError, runInsightsQuery, type InsightsEvent } from '../../../src/tools/sim/insights-query.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');

function event(i: number, message: string): InsightsEvent {
  return { timestamp: T0 + i * 20_000, ingestionTime: T0 + i * 20_000 + 500, message, logStreamName: 's1', logGroup: '123456789012:g', eventId: String(i) };
}

const EXECUTION = [
  event(0, '(r1) Method completed with status: 200'),
  event(1, '(r2) Execution failed due to a timeout error'),
  event(2, '(r2) Method completed with status: 504'),
  event(3, '(r3) Execution failed due to configuration error: Malformed Lambda proxy response'),
  event(4, '(r3) Method completed with status: 502'),
  event(5, '(r4) Execution failed due to a timeout error'),
];

const values = (rows: Array<Array<{ field: string; value: string }>>, field: string) => rows.map((r) => r.find((f) => f.field === field)?.value);

describe('runInsightsQuery', () => {
  it('filters, parses named groups and counts by the parsed field', () => {
    // Act
    const out = runInsightsQuery(
      'fields @message | filter @message like /Execution failed/ | parse @message /(?<cause>timeout error|Malformed Lambda proxy response)/ | stats count(*) as n by cause | sort n desc',
      EXECUTION,
    );

    // Assess
    expect(out.rows).toEqual([
      [
        { field: 'cause', value: 'timeout error' },
        { field: 'n', value: '2' },
      ],
      [
        { field: 'cause', value: 'Malformed Lambda proxy response' },
        { field: 'n', value: '1' },
      ],
    ]);
    expect(out.recordsMatched).toBe(3);
    expect(out.recordsScanned).toBe(6);
  });

  it('discovers JSON fields and bins by time', () => {
    // Prepare
    const access = [
      event(0, JSON.stringify({ status: '200', integrationLatency: '40' })),
      event(1, JSON.stringify({ status: '502', integrationLatency: '29001' })),
      event(4, JSON.stringify({ status: '502', integrationLatency: '120' })),
    ];

    // Act
    const out = runInsightsQuery('filter status like "5" | stats count(*) as errors, max(integrationLatency) as worst by bin(1m) | sort bin(1m) asc', access);

    // Assess
    expect(values(out.rows, 'bin(1m)')).toEqual(['2026-03-02 10:00:00.000', '2026-03-02 10:01:00.000']);
    expect(values(out.rows, 'errors')).toEqual(['1', '1']);
    expect(values(out.rows, 'worst')).toEqual(['29001', '120']);
  });

  it('returns @timestamp, @message and @ptr by default, newest first when sorted so, within the limit', () => {
    const out = runInsightsQuery('filter @message like "status: 5" | sort @timestamp desc | limit 1', EXECUTION);
    expect(out.rows).toHaveLength(1);
    expect(values(out.rows, '@message')).toEqual(['(r3) Method completed with status: 502']);
    expect(values(out.rows, '@timestamp')).toEqual(['2026-03-02 10:01:20.000']);
    expect(out.rows[0]?.some((f) => f.field === '@ptr')).toBe(true);
  });

  it('rejects commands and functions it does not know', () => {
    expect(() => runInsightsQuery('fields @message | dedup @message', EXECUTION)).toThrow(InsightsQueryError);
    expect(() => runInsightsQuery('stats median(x)', EXECUTION)).toThrow(InsightsQueryError);
  });
});
