import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveApiTarget } from '../../../src/adapters/aws/resolve-api-target.ts';
import { parseAccessConfig } from '../../../src/adapters/config/load-access-config.ts';
import type { ApiTarget } from '../../../src/core/api/parse-api-target.ts';
import { scenarioSchema } from '../../../src/tools/sim/scenario-schema.ts';
import { startDiscoverySim, type DiscoverySim } from '../../adapters/aws/discovery-sim.ts';
import type { AccessConfig } from '../../../src/adapters/config/access-config-schema.ts';
import { findApiAlarm } from '../../../src/adapters/pagerduty/find-api-alarm.ts';
import type { PagerDutyAlert } from '../../../src/adapters/pagerduty/pagerduty-rest-client.ts';
import { pagerDutyIncidentSchema } from '../../../src/adapters/pagerduty/pagerduty-webhook-schema.ts';
import { readPagerDutySettings } from '../../../src/adapters/config/read-pagerduty-settings.ts';
import { resolveIncidentApi } from '../../../src/apps/runtime/resolve-incident-api.ts';
import { fixture } from './pagerduty-fixtures.ts';

function alerts(name: string): PagerDutyAlert[] {
  return (JSON.parse(readFileSync(new URL(`../../fixtures/pagerduty/${name}`, import.meta.url), 'utf8')) as { alerts: PagerDutyAlert[] }).alerts;
}

const incident = pagerDutyIncidentSchema.parse(fixture('incident-triggered.json').event.data);

describe('findApiAlarm', () => {
  it('reads ApiName, Stage, region and account from a CloudWatch alarm in body.details', () => {
    expect(findApiAlarm(alerts('alerts-cloudwatch-rest-api.json'))).toEqual({
      alarmName: 'orders-api-prod-5xx',
      apiName: 'orders-api',
      stage: 'prod',
      region: 'us-east-1',
      accountId: '123456789012',
    });
  });

  it('reads ApiId from an SNS envelope whose message is a JSON string', () => {
    expect(findApiAlarm(alerts('alerts-sns-envelope-http-api.json'))).toEqual({
      alarmName: 'shipping-http-5xx',
      apiId: 'h2t7p4a9vg',
      stage: 'prod',
      region: 'eu-west-1',
      accountId: '210987654321',
    });
  });

  it('reads metric-math alarms and cef_details', () => {
    const alarm = {
      AlarmArn: 'arn:aws:cloudwatch:eu-central-1:111122223333:alarm:api-5xx-rate',
      Trigger: {
        Metrics: [
          { Id: 'rate', Expression: 'errors / requests', ReturnData: true },
          {
            Id: 'errors',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/ApiGateway',
                MetricName: '5XXError',
                Dimensions: [
                  { Name: 'ApiName', Value: 'billing-api' },
                  { Name: 'Stage', Value: 'live' },
                ],
              },
            },
          },
        ],
      },
    };
    const found = findApiAlarm([{ id: 'A1', body: { cef_details: { details: alarm } } }]);
    expect(found).toEqual({ alarmName: 'api-5xx-rate', apiName: 'billing-api', stage: 'live', region: 'eu-central-1', accountId: '111122223333' });
  });

  it('ignores alarms on other namespaces and alerts that are not alarms', () => {
    const lambdaAlarm = {
      AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fn-errors',
      Trigger: { Namespace: 'AWS/Lambda', Dimensions: [{ name: 'FunctionName', value: 'orders-list' }] },
    };
    expect(
      findApiAlarm([
        { id: 'A1', body: { details: lambdaAlarm } },
        { id: 'A2', body: { details: 'disk full on db-3' } },
        { id: 'A3', body: null },
      ]),
    ).toBeNull();
  });
});

describe('resolveIncidentApi', () => {
  const config: AccessConfig = {
    apis: { k7x2m9q4ta: { region: 'us-east-1' }, h2t7p4a9vg: { region: 'eu-west-1', account: '210987654321' } },
    accounts: { '210987654321': { roleArn: 'arn:aws:iam::210987654321:role/diagnose-502-read' } },
    pagerduty: {
      channel: 'C0PAGERDUT',
      services: { PMAPPED: { apiId: 'b4e7r2x9le', stage: 'prod', region: 'us-west-2' } },
      apiNames: { 'orders-api': 'k7x2m9q4ta' },
    },
  };
  const settings = readPagerDutySettings(config);

  it('uses the service mapping first, without calling PagerDuty', async () => {
    const rest = { listIncidentAlerts: vi.fn() };
    const mapped = { ...incident, service: { ...incident.service, id: 'PMAPPED' } };
    const res = await resolveIncidentApi(mapped, { settings, config, rest, defaultRegion: 'us-east-1' });
    expect(res).toEqual({ ref: { apiId: 'b4e7r2x9le', stage: 'prod', region: 'us-west-2' }, source: 'service' });
    expect(rest.listIncidentAlerts).not.toHaveBeenCalled();
  });

  it("maps a REST alarm's ApiName to an id through pagerduty.apiNames", async () => {
    const rest = { listIncidentAlerts: vi.fn(async () => alerts('alerts-cloudwatch-rest-api.json')) };
    const res = await resolveIncidentApi(incident, { settings, config, rest, defaultRegion: 'eu-west-1' });
    expect(res).toMatchObject({ ref: { apiId: 'k7x2m9q4ta', stage: 'prod', region: 'us-east-1' }, source: 'alarm' });
    expect(rest.listIncidentAlerts).toHaveBeenCalledWith('Q2KXT9R4ZB1M0A');
  });

  it("takes an HTTP alarm's ApiId as it is", async () => {
    const rest = { listIncidentAlerts: async () => alerts('alerts-sns-envelope-http-api.json') };
    const res = await resolveIncidentApi(incident, { settings, config, rest, defaultRegion: 'us-east-1' });
    expect(res.ref).toEqual({ apiId: 'h2t7p4a9vg', stage: 'prod', region: 'eu-west-1' });
  });

  it('gives up with a reason when the ApiName is not mapped, keeping what the alarm told', async () => {
    const rest = { listIncidentAlerts: async () => alerts('alerts-cloudwatch-rest-api.json') };
    const unmapped = readPagerDutySettings({ ...config, pagerduty: { channel: 'C0PAGERDUT' } });
    const res = await resolveIncidentApi(incident, { settings: unmapped, config, rest, defaultRegion: 'us-east-1' });
    expect(res).toMatchObject({
      ref: null,
      reason: 'the alarm names API "orders-api", which is not listed under pagerduty.apiNames',
      alarm: { stage: 'prod' },
    });
  });

  it('gives up without a token, and when PagerDuty fails', async () => {
    const none = await resolveIncidentApi(incident, { settings, config, defaultRegion: 'us-east-1' });
    const failing = await resolveIncidentApi(incident, {
      settings,
      config,
      rest: {
        listIncidentAlerts: async () => {
          throw new Error('PagerDuty answered 401');
        },
      },
      defaultRegion: 'us-east-1',
    });
    expect(none).toEqual({ ref: null, reason: 'service Orders API (CloudWatch) is not mapped to an API under pagerduty.services' });
    expect(failing).toEqual({ ref: null, reason: "PagerDuty did not give the incident's alerts (PagerDuty answered 401)" });
  });

  it('refuses a malformed apiNames entry with the path in the message', () => {
    expect(() => readPagerDutySettings({ pagerduty: { apiNames: { 'orders-api': 'Not An Id' } } })).toThrow(
      /^pagerduty\.apiNames\.orders-api: an API id is 10 lowercase letters/,
    );
  });
});

describe('resolveIncidentApi with services mapped by name or URL', () => {
  const restApi = (id: string, name: string, createdAt: number) =>
    scenarioSchema.parse({
      id: `pd-${id}`,
      title: name,
      description: name,
      expectedCause: 'none',
      region: 'us-east-1',
      api: {
        type: 'rest',
        id,
        name,
        createdAt,
        stages: [{ name: 'prod' }],
        resources: [{ path: '/orders', methods: { GET: { integration: { type: 'MOCK' } } } }],
      },
    });
  // A REST and an HTTP API may share a name (metrics key REST APIs by name, so two REST ones may not here).
  const httpApi = scenarioSchema.parse({
    id: 'pd-dupb000001',
    title: 'twin-api',
    description: 'twin-api',
    expectedCause: 'none',
    region: 'us-east-1',
    api: {
      type: 'http',
      id: 'dupb000001',
      name: 'twin-api',
      createdAt: -30_000,
      stages: [{ name: 'prod' }],
      routes: [{ key: 'GET /orders', integration: { type: 'HTTP_PROXY', uri: 'https://b.example.com' } }],
    },
  });
  let world: DiscoverySim;
  beforeAll(async () => {
    world = await startDiscoverySim({
      scenarios: [restApi('ordrest001', 'orders-api', -50_000), restApi('dupa000001', 'twin-api', -40_000), httpApi],
      directory: {
        alarms: [],
        domains: [{ name: 'api.example.com', region: 'us-east-1', basePathMappings: [{ basePath: 'orders', restApiId: 'ordrest001', stage: 'prod' }] }],
      },
    });
  });
  afterAll(() => world.close());

  const config = parseAccessConfig(
    [
      'apis:',
      '  k7x2m9q4ta: { region: eu-west-1 }',
      'pagerduty:',
      '  channel: C0PAGERDUT',
      '  services:',
      '    PBYNAME: orders-api prod us-east-1',
      '    PBYURL: https://api.example.com/orders/42',
      '    PTWIN: twin-api prod',
      '    PGONE: no-such-api prod',
      '    PBYID: k7x2m9q4ta prod',
      '    PINVOKE: https://h2t7p4a9vg.execute-api.eu-west-1.amazonaws.com/prod/items/7',
    ].join('\n'),
    'test.yaml',
  );
  const settings = readPagerDutySettings(config);
  const calls: ApiTarget[] = [];
  const resolveTarget = async (target: ApiTarget) => {
    calls.push(target);
    return (await resolveApiTarget(target, { clientsFor: world.clientsFor, defaultRegion: 'us-east-1' })).ref;
  };
  const on = (serviceId: string) => ({ ...incident, service: { ...incident.service, id: serviceId } });
  const resolve = (serviceId: string) => resolveIncidentApi(on(serviceId), { settings, config, resolveTarget, defaultRegion: 'us-east-1' });

  it('looks a mapped name up in AWS', async () => {
    await expect(resolve('PBYNAME')).resolves.toEqual({ ref: { apiId: 'ordrest001', stage: 'prod', region: 'us-east-1' }, source: 'service' });
  });

  it("follows a custom domain's base path mapping to the API, stage and route", async () => {
    await expect(resolve('PBYURL')).resolves.toEqual({ ref: { apiId: 'ordrest001', stage: 'prod', region: 'us-east-1', route: '/42' }, source: 'service' });
  });

  it('asks a person, with the candidates, when a mapped name fits several APIs', async () => {
    const res = await resolve('PTWIN');
    expect(res.ref).toBeNull();
    expect(res).toMatchObject({
      reason: expect.stringMatching(/^service .+ is mapped to the API named "twin-api" \(stage prod\), but .*dupa000001.*dupb000001/s),
    });
  });

  it('asks a person when the mapped name does not exist', async () => {
    const res = await resolve('PGONE');
    expect(res).toMatchObject({ ref: null, reason: expect.stringContaining('no-such-api') });
  });

  it('places ids and invoke URLs without any lookup, an id in its configured region', async () => {
    calls.length = 0;
    await expect(resolve('PBYID')).resolves.toEqual({ ref: { apiId: 'k7x2m9q4ta', stage: 'prod', region: 'eu-west-1' }, source: 'service' });
    await expect(resolve('PINVOKE')).resolves.toEqual({
      ref: { apiId: 'h2t7p4a9vg', stage: 'prod', region: 'eu-west-1', route: '/items/7' },
      source: 'service',
    });
    expect(calls).toEqual([]);
  });

  it("finds a REST alarm's API by its ApiName when apiNames does not list it", async () => {
    const rest = { listIncidentAlerts: async () => alerts('alerts-cloudwatch-rest-api.json') };
    const unmapped = readPagerDutySettings({ pagerduty: { channel: 'C0PAGERDUT' } });
    const res = await resolveIncidentApi(incident, { settings: unmapped, config: {}, rest, resolveTarget, defaultRegion: 'us-east-1' });
    expect(res).toMatchObject({ ref: { apiId: 'ordrest001', stage: 'prod', region: 'us-east-1' }, source: 'alarm' });
  });

  it('refuses a mapping that is neither an API nor a URL when the configuration is read', () => {
    expect(() => parseAccessConfig('pagerduty:\n  services:\n    PBAD: "orders api; rm -rf /"', 'test.yaml')).toThrow(/pagerduty\.services\.PBAD/);
  });
});
