import { describe, expect, it } from 'vitest';
import { alarmStateChangeEventSchema } from '../../../src/adapters/alarms/alarm-event-schema.ts';
import { readAlarmTransition } from '../../../src/adapters/alarms/read-alarm-transition.ts';
import { signAlarmEvent, verifyAlarmSignature } from '../../../src/adapters/alarms/verify-alarm-signature.ts';
import { parseQueuedJob } from '../../../src/adapters/jobs/queued-job.ts';
import { buildAlarmEvent } from '../../../src/tools/sandbox/build-alarm-event.ts';

const AT = new Date('2026-03-02T10:25:00.000Z');

/** The CloudWatch user guide's metric-math example, trimmed, with API Gateway metrics. */
const METRIC_MATH = {
  version: '0',
  id: '2dde0eb1-528b-d2d5-9ca6-6d590caf2329',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: '123456789012',
  time: '2019-10-02T17:20:48Z',
  region: 'us-east-1',
  resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:TotalNetworkTrafficTooHigh'],
  detail: {
    alarmName: 'checkout-5xx-rate',
    configuration: {
      description: '5xx rate',
      metrics: [
        { expression: 'errors/requests', id: 'e1', label: 'rate', returnData: true },
        {
          id: 'errors',
          metricStat: {
            metric: { dimensions: { ApiName: 'checkout-api', Stage: 'prod' }, name: '5XXError', namespace: 'AWS/ApiGateway' },
            period: 60,
            stat: 'Sum',
          },
          returnData: false,
        },
        {
          id: 'requests',
          metricStat: {
            metric: { dimensions: { ApiName: 'checkout-api', Stage: 'prod' }, name: 'Count', namespace: 'AWS/ApiGateway' },
            period: 60,
            stat: 'SampleCount',
          },
          returnData: false,
        },
      ],
    },
    previousState: { reason: 'Threshold Crossed', timestamp: '2019-10-02T17:20:03.642+0000', value: 'OK' },
    state: { reason: 'Threshold Crossed', timestamp: '2019-10-02T17:20:48.551+0000', value: 'ALARM' },
  },
};

describe('readAlarmTransition', () => {
  it('reads a REST 5XXError alarm: the ApiName and Stage dimensions, the state and the instant of the change', () => {
    const event = alarmStateChangeEventSchema.parse(
      buildAlarmEvent({ alarmName: 'orders-5xx', region: 'eu-west-1', state: 'ALARM', at: AT, api: { type: 'rest', name: 'orders-api', stage: 'prod' } }),
    );
    expect(readAlarmTransition(event)).toMatchObject({
      alarmName: 'orders-5xx',
      region: 'eu-west-1',
      state: 'ALARM',
      previousState: 'OK',
      stateAt: AT.toISOString(),
      api: { type: 'rest', apiName: 'orders-api', stage: 'prod', metricName: '5XXError' },
    });
  });

  it('reads the 5XXError input of a metric-math alarm (the user guide example shape)', () => {
    const t = readAlarmTransition(alarmStateChangeEventSchema.parse(METRIC_MATH));
    expect(t.api).toEqual({ type: 'rest', apiName: 'checkout-api', stage: 'prod', metricName: '5XXError' });
    expect(t.stateAt).toBe('2019-10-02T17:20:48.551Z');
  });

  it('tells HTTP APIs by their ApiId dimension, also on the older 5XXError name', () => {
    const http = buildAlarmEvent({ alarmName: 'a', region: 'us-east-1', state: 'ALARM', at: AT, api: { type: 'http', id: 'h2t7p4a9vg', stage: '$default' } });
    expect(readAlarmTransition(alarmStateChangeEventSchema.parse(http)).api).toEqual({
      type: 'http',
      apiId: 'h2t7p4a9vg',
      stage: '$default',
      metricName: '5xx',
    });
    const old = buildAlarmEvent({
      ...{ alarmName: 'a', region: 'us-east-1', state: 'ALARM', at: AT },
      api: { type: 'http', id: 'h2t7p4a9vg' },
      metric: { namespace: 'AWS/ApiGateway', name: '5XXError' },
    });
    expect(readAlarmTransition(alarmStateChangeEventSchema.parse(old)).api).toMatchObject({ type: 'http', apiId: 'h2t7p4a9vg', metricName: '5XXError' });
  });

  it('finds no API in alarms on other namespaces or other API Gateway metrics', () => {
    const base = { alarmName: 'a', region: 'us-east-1', state: 'ALARM' as const, at: AT, api: { type: 'rest' as const, name: 'orders-api', stage: 'prod' } };
    for (const metric of [
      { namespace: 'AWS/EC2', name: '5XXError' },
      { namespace: 'AWS/ApiGateway', name: '4XXError' },
      { namespace: 'AWS/ApiGateway', name: 'Latency' },
    ]) {
      expect(readAlarmTransition(alarmStateChangeEventSchema.parse(buildAlarmEvent({ ...base, metric }))).api).toBeNull();
    }
  });
});

describe('alarm event signatures', () => {
  const body = JSON.stringify({ hello: 'alarm' });
  const now = Date.parse('2026-03-02T10:30:00Z');
  const headersOf = (h: Record<string, string>) => ({ timestamp: h['x-diagnose502-timestamp'], signature: h['x-diagnose502-signature'] });

  it('accepts what signAlarmEvent signs, under any of the configured secrets (rotation)', () => {
    const signed = headersOf(signAlarmEvent(body, 'old-secret', now));
    expect(verifyAlarmSignature(body, signed, ['new-secret', 'old-secret'], now)).toEqual({ ok: true });
  });

  it('refuses another secret, a changed body, a stale or future timestamp, and missing headers', () => {
    const signed = headersOf(signAlarmEvent(body, 'secret', now));
    expect(verifyAlarmSignature(body, signed, ['other'], now).ok).toBe(false);
    expect(verifyAlarmSignature(`${body} `, signed, ['secret'], now).ok).toBe(false);
    expect(verifyAlarmSignature(body, signed, ['secret'], now + 6 * 60_000)).toEqual({ ok: false, reason: 'timestamp more than five minutes from now' });
    expect(verifyAlarmSignature(body, signed, ['secret'], now - 6 * 60_000).ok).toBe(false);
    expect(verifyAlarmSignature(body, { timestamp: undefined, signature: signed.signature }, ['secret'], now).ok).toBe(false);
    expect(verifyAlarmSignature(body, { timestamp: signed.timestamp, signature: 'v1=abc' }, ['secret'], now).ok).toBe(false);
  });
});

describe('parseQueuedJob', () => {
  it('turns a bare EventBridge alarm event (what the rule puts on the queue) into an alarm job', () => {
    const event = buildAlarmEvent({
      alarmName: 'orders-5xx',
      region: 'us-east-1',
      state: 'OK',
      at: AT,
      api: { type: 'rest', name: 'orders-api', stage: 'prod' },
    });
    expect(parseQueuedJob(JSON.stringify(event))).toEqual({ kind: 'alarm-event', event, receivedAt: event.time });
  });

  it('still refuses bodies that are neither a job nor an alarm event', () => {
    expect(() => parseQueuedJob(JSON.stringify({ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }))).toThrow(
      /not a diagnose-502 job/,
    );
    expect(() => parseQueuedJob('null')).toThrow(/not a diagnose-502 job/);
  });
});
