import { GetResourcesCommand, GetRestApiCommand, GetStageCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import {
  GetApiCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand as GetHttpStageCommand,
  GetStagesCommand as GetHttpStagesCommand,
} from '@aws-sdk/client-apigatewayv2';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeApi } from '../../../src/adapters/aws/describe-api.ts';
import { AccessDeniedError, ApiNotFoundError, DiagnoseError, NoCredentialsError, StageNotFoundError } from '../../../src/core/errors/diagnose-error.ts';
import { awsError, mockAwsClients, onlyReads } from './mock-aws-clients.ts';

const ref = { apiId: 'a1b2c3d4e5', stage: 'prod', region: 'us-east-1' };
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
const invocationUri = (arn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`;

let aws: ReturnType<typeof mockAwsClients>;
beforeEach(() => {
  aws = mockAwsClients();
});

function restApiExists() {
  aws.mocks.apiGateway.on(GetRestApiCommand).resolves({
    id: ref.apiId,
    name: 'orders-api',
    endpointConfiguration: { types: ['REGIONAL'] },
  });
}

function httpApiExists(protocol: 'HTTP' | 'WEBSOCKET' = 'HTTP') {
  aws.mocks.apiGateway.on(GetRestApiCommand).rejects(awsError('NotFoundException', 'Invalid API identifier specified'));
  aws.mocks.apiGatewayV2.on(GetApiCommand).resolves({ ApiId: ref.apiId, Name: 'orders-http', ProtocolType: protocol });
}

describe('describeApi on a REST API', () => {
  beforeEach(() => {
    restApiExists();
    aws.mocks.apiGateway.on(GetStageCommand).resolves({
      stageName: 'prod',
      deploymentId: 'dep123',
      lastUpdatedDate: new Date('2026-03-01T10:00:00Z'),
      methodSettings: { '*/*': { loggingLevel: 'info', dataTraceEnabled: true, metricsEnabled: true } },
      accessLogSettings: {
        destinationArn: 'arn:aws:logs:us-east-1:210987654321:log-group:access-logs',
        format: '{"requestId":"$context.requestId"}',
      },
      tracingEnabled: true,
      webAclArn: 'arn:aws:wafv2:us-east-1:210987654321:regional/webacl/orders-acl/1a2b3c',
      variables: { alias: 'live', link: 'vl0abc' },
    });
  });

  it('reads the stage settings and every method integration, paging through resources', async () => {
    // Prepare
    aws.mocks.apiGateway
      .on(GetResourcesCommand, { position: undefined })
      .resolves({
        position: 'page2',
        items: [
          {
            id: 'r1',
            path: '/orders/{id}',
            resourceMethods: {
              GET: {
                methodIntegration: {
                  type: 'AWS_PROXY',
                  uri: invocationUri(`${FN}:\${stageVariables.alias}`),
                  timeoutInMillis: 10_000,
                },
              },
              OPTIONS: { methodIntegration: { type: 'MOCK' } },
            },
          },
        ],
      })
      .on(GetResourcesCommand, { position: 'page2' })
      .resolves({
        items: [
          { id: 'r0', path: '/', resourceMethods: { GET: {} } },
          {
            id: 'r2',
            path: '/legacy',
            resourceMethods: {
              ANY: {
                methodIntegration: {
                  type: 'HTTP_PROXY',
                  uri: 'http://nlb.internal/legacy',
                  connectionType: 'VPC_LINK',
                  connectionId: '${stageVariables.link}',
                },
              },
              // A VPC link V2 names its load balancer on the integration.
              POST: {
                methodIntegration: {
                  type: 'HTTP_PROXY',
                  uri: 'http://alb.internal/legacy',
                  connectionType: 'VPC_LINK',
                  connectionId: 'vlv2abc',
                  integrationTarget: 'arn:aws:elasticloadbalancing:us-east-1:210987654321:loadbalancer/app/legacy-alb/1a2b',
                },
              },
            },
          },
        ],
      });

    // Act
    const api = await describeApi(aws.clients, ref);

    // Assess
    expect(api).toMatchObject({ id: ref.apiId, type: 'rest', name: 'orders-api', region: 'us-east-1', endpointType: 'REGIONAL' });
    // The access-log group always lives in the API's own account, so it wins over the Lambda ARN.
    expect(api.accountId).toBe('210987654321');
    expect(api.stage).toEqual({
      name: 'prod',
      executionLogging: 'INFO',
      dataTraceEnabled: true,
      accessLogDestinationArn: 'arn:aws:logs:us-east-1:210987654321:log-group:access-logs',
      accessLogFormat: '{"requestId":"$context.requestId"}',
      tracingEnabled: true,
      detailedMetricsEnabled: true,
      variables: { alias: 'live', link: 'vl0abc' },
      deploymentId: 'dep123',
      lastUpdated: '2026-03-01T10:00:00.000Z',
      webAclArn: 'arn:aws:wafv2:us-east-1:210987654321:regional/webacl/orders-acl/1a2b3c',
    });
    expect(api.integrations).toEqual([
      {
        route: 'ANY /legacy',
        type: 'HTTP_PROXY',
        connectionType: 'VPC_LINK',
        timeoutMs: 29_000,
        uri: 'http://nlb.internal/legacy',
        vpcLinkId: 'vl0abc',
      },
      {
        route: 'POST /legacy',
        type: 'HTTP_PROXY',
        connectionType: 'VPC_LINK',
        timeoutMs: 29_000,
        loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:210987654321:loadbalancer/app/legacy-alb/1a2b',
        uri: 'http://alb.internal/legacy',
        vpcLinkId: 'vlv2abc',
      },
      {
        route: 'GET /orders/{id}',
        type: 'AWS_PROXY',
        connectionType: 'INTERNET',
        timeoutMs: 10_000,
        uri: invocationUri(`${FN}:\${stageVariables.alias}`),
        lambdaArn: `${FN}:live`,
        lambdaFunctionName: 'orders',
        lambdaQualifier: 'live',
      },
      { route: 'OPTIONS /orders/{id}', type: 'MOCK', connectionType: 'INTERNET', timeoutMs: 29_000 },
    ]);
    const resourceCalls = aws.mocks.apiGateway.commandCalls(GetResourcesCommand).map((c) => c.args[0].input);
    expect(resourceCalls).toEqual([
      { restApiId: ref.apiId, embed: ['methods'], limit: 500, position: undefined },
      { restApiId: ref.apiId, embed: ['methods'], limit: 500, position: 'page2' },
    ]);
    expect(aws.mocks.apiGatewayV2.calls()).toHaveLength(0);
    expect(onlyReads(aws.sentCommands())).toEqual([]);
  });

  it('defaults the logging level to OFF when the stage has no method settings', async () => {
    aws.mocks.apiGateway.on(GetStageCommand).resolves({ stageName: 'prod' });
    aws.mocks.apiGateway.on(GetResourcesCommand).resolves({ items: [] });

    const api = await describeApi(aws.clients, ref);

    expect(api.stage).toEqual({
      name: 'prod',
      executionLogging: 'OFF',
      dataTraceEnabled: false,
      tracingEnabled: false,
      detailedMetricsEnabled: false,
      variables: {},
    });
    expect(api.accountId).toBeUndefined();
  });

  it('takes the account from the Lambda ARN when there is no access log', async () => {
    aws.mocks.apiGateway.on(GetStageCommand).resolves({ stageName: 'prod' });
    aws.mocks.apiGateway.on(GetResourcesCommand).resolves({
      items: [{ path: '/', resourceMethods: { POST: { methodIntegration: { type: 'AWS', uri: invocationUri(FN) } } } }],
    });

    const api = await describeApi(aws.clients, ref);

    expect(api.accountId).toBe('123456789012');
    expect(api.integrations[0]).toMatchObject({ route: 'POST /', lambdaArn: FN, lambdaFunctionName: 'orders' });
    expect(api.integrations[0]?.lambdaQualifier).toBeUndefined();
  });

  it('stops paging after a bounded number of pages', async () => {
    aws.mocks.apiGateway.on(GetResourcesCommand).resolves({ items: [{ path: '/x' }], position: 'again' });

    await describeApi(aws.clients, ref);

    expect(aws.mocks.apiGateway.commandCalls(GetResourcesCommand)).toHaveLength(10);
  });

  it('names the existing stages when the stage is unknown', async () => {
    aws.mocks.apiGateway.on(GetStageCommand).rejects(awsError('NotFoundException', 'Invalid stage identifier specified'));
    aws.mocks.apiGateway.on(GetResourcesCommand).resolves({ items: [] });
    aws.mocks.apiGateway.on(GetStagesCommand).resolves({ item: [{ stageName: 'staging' }, { stageName: 'dev' }] });

    const error = await describeApi(aws.clients, ref).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StageNotFoundError);
    expect((error as StageNotFoundError).code).toBe('stage_not_found');
    expect((error as Error).message).toBe('REST API a1b2c3d4e5 has no stage "prod". Its stages are: dev, staging.');
  });

  it('still reports the unknown stage when the stages cannot be listed', async () => {
    aws.mocks.apiGateway.on(GetStageCommand).rejects(awsError('NotFoundException'));
    aws.mocks.apiGateway.on(GetResourcesCommand).resolves({ items: [] });
    aws.mocks.apiGateway.on(GetStagesCommand).rejects(awsError('AccessDeniedException'));

    const error = await describeApi(aws.clients, ref).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StageNotFoundError);
    expect((error as Error).message).toContain('aws apigateway get-stages');
  });

  it('passes the abort signal (or one it follows) to every call', async () => {
    aws.mocks.apiGateway.on(GetResourcesCommand).resolves({ items: [] });
    const controller = new AbortController();

    await describeApi(aws.clients, ref, controller.signal);

    const options = aws.sendOptions() as { abortSignal: AbortSignal }[];
    expect(options).toHaveLength(3);
    expect(options.some((o) => o.abortSignal.aborted)).toBe(false);
    controller.abort();
    for (const o of options) expect(o.abortSignal.aborted).toBe(true);
  });

  it('asks for the stage and resources in the same round trip as the API', async () => {
    const order: string[] = [];
    aws.mocks.apiGateway.on(GetRestApiCommand).callsFake(async () => {
      order.push('GetRestApi sent');
      await new Promise((r) => setTimeout(r, 20));
      order.push('GetRestApi answered');
      return { id: ref.apiId, name: 'orders-api' };
    });
    aws.mocks.apiGateway.on(GetResourcesCommand).callsFake(async () => {
      order.push('GetResources sent');
      return { items: [] };
    });

    await describeApi(aws.clients, ref);

    expect(order.indexOf('GetResources sent')).toBeLessThan(order.indexOf('GetRestApi answered'));
  });
});

describe('describeApi on an HTTP API', () => {
  beforeEach(() => {
    httpApiExists();
    aws.mocks.apiGatewayV2.on(GetHttpStageCommand).resolves({
      StageName: '$default',
      StageVariables: { fn: 'checkout' },
      DefaultRouteSettings: { DetailedMetricsEnabled: true },
      AccessLogSettings: { DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:http-access', Format: '$context.requestId' },
      DeploymentId: 'd1',
    });
  });

  it('falls back to apigatewayv2 and names each integration after the routes that target it', async () => {
    // Prepare
    aws.mocks.apiGatewayV2
      .on(GetIntegrationsCommand, { NextToken: undefined })
      .resolves({
        NextToken: 't2',
        Items: [
          { IntegrationId: 'i1', IntegrationType: 'AWS_PROXY', IntegrationUri: `${FN}:7`, PayloadFormatVersion: '2.0' },
          { IntegrationId: 'unused', IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://example.com' },
        ],
      })
      .on(GetIntegrationsCommand, { NextToken: 't2' })
      .resolves({
        Items: [
          {
            IntegrationId: 'i2',
            IntegrationType: 'AWS_PROXY',
            IntegrationUri: invocationUri('arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}'),
            TimeoutInMillis: 12_000,
          },
          {
            IntegrationId: 'i3',
            IntegrationType: 'HTTP_PROXY',
            ConnectionType: 'VPC_LINK',
            ConnectionId: 'vlink1',
            IntegrationUri: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/0467ef3c8400ae65',
          },
        ],
      });
    aws.mocks.apiGatewayV2
      .on(GetRoutesCommand, { NextToken: undefined })
      .resolves({
        NextToken: 'r2',
        Items: [
          { RouteKey: 'GET /orders', Target: 'integrations/i1' },
          { RouteKey: 'POST /checkout', Target: 'integrations/i2' },
        ],
      })
      .on(GetRoutesCommand, { NextToken: 'r2' })
      .resolves({
        Items: [
          { RouteKey: 'ANY /web/{proxy+}', Target: 'integrations/i3' },
          { RouteKey: 'GET /orders/{id}', Target: 'integrations/i1' },
          { RouteKey: 'GET /nothing' },
        ],
      });

    // Act
    const api = await describeApi(aws.clients, { ...ref, stage: '$default' });

    // Assess
    expect(api).toMatchObject({ id: ref.apiId, type: 'http', name: 'orders-http', accountId: '123456789012' });
    expect(api.endpointType).toBeUndefined();
    expect(api.stage).toEqual({
      name: '$default',
      executionLogging: 'OFF',
      dataTraceEnabled: false,
      accessLogDestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:http-access',
      accessLogFormat: '$context.requestId',
      tracingEnabled: false,
      detailedMetricsEnabled: true,
      variables: { fn: 'checkout' },
      deploymentId: 'd1',
    });
    expect(api.integrations.map((i) => i.route)).toEqual(['ANY /web/{proxy+}', 'GET /orders', 'GET /orders/{id}', 'POST /checkout']);
    expect(api.integrations[0]).toEqual({
      route: 'ANY /web/{proxy+}',
      type: 'HTTP_PROXY',
      connectionType: 'VPC_LINK',
      timeoutMs: 30_000,
      uri: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/0467ef3c8400ae65',
      vpcLinkId: 'vlink1',
    });
    expect(api.integrations[1]).toMatchObject({
      lambdaArn: `${FN}:7`,
      lambdaFunctionName: 'orders',
      lambdaQualifier: '7',
      payloadFormatVersion: '2.0',
      timeoutMs: 30_000,
    });
    expect(api.integrations[3]).toMatchObject({
      lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:checkout',
      lambdaFunctionName: 'checkout',
      timeoutMs: 12_000,
    });
    expect(aws.mocks.apiGatewayV2.commandCalls(GetIntegrationsCommand)[1]?.args[0].input).toEqual({
      ApiId: ref.apiId,
      MaxResults: '100',
      NextToken: 't2',
    });
    expect(onlyReads(aws.sentCommands())).toEqual([]);
  });

  it('lists the stages of an HTTP API when the stage is unknown', async () => {
    aws.mocks.apiGatewayV2.on(GetHttpStageCommand).rejects(awsError('NotFoundException'));
    aws.mocks.apiGatewayV2.on(GetIntegrationsCommand).resolves({ Items: [] });
    aws.mocks.apiGatewayV2.on(GetRoutesCommand).resolves({ Items: [] });
    aws.mocks.apiGatewayV2.on(GetHttpStagesCommand).resolves({ Items: [{ StageName: '$default' }] });

    await expect(describeApi(aws.clients, ref)).rejects.toThrow(new StageNotFoundError('HTTP API a1b2c3d4e5 has no stage "prod". Its stages are: $default.'));
  });
});

describe('describeApi errors', () => {
  it('rejects WebSocket APIs', async () => {
    httpApiExists('WEBSOCKET');

    const error = await describeApi(aws.clients, ref).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiNotFoundError);
    expect((error as Error).message).toMatch(/WebSocket API \(orders-http\).*REST and HTTP APIs only/);
    expect(aws.mocks.apiGatewayV2.calls()).toHaveLength(1);
  });

  it('says where to look when neither kind of API has the id', async () => {
    aws.mocks.apiGateway.on(GetRestApiCommand).rejects(awsError('NotFoundException'));
    aws.mocks.apiGatewayV2.on(GetApiCommand).rejects(awsError('NotFoundException'));

    const error = await describeApi(aws.clients, ref).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiNotFoundError);
    expect((error as ApiNotFoundError).code).toBe('api_not_found');
    expect((error as Error).message).toContain('No REST or HTTP API with id a1b2c3d4e5 in region us-east-1.');
    expect((error as Error).message).toContain('aws apigateway get-rest-apis');
  });

  it('names the IAM action when access is denied', async () => {
    const denied = awsError('AccessDeniedException', 'User: arn:aws:iam::1:user/x is not authorized to perform: apigateway:GET');
    aws.mocks.apiGateway.on(GetRestApiCommand).rejects(denied);

    const error = await describeApi(aws.clients, ref).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccessDeniedError);
    expect((error as Error).message).toBe(
      'Access denied: GetRestApi needs apigateway:GET on arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5. ' +
        'Allow apigateway:GET for the identity diagnose-502 runs as (it only reads).',
    );
    expect((error as Error).cause).toBe(denied);
    expect(aws.mocks.apiGatewayV2.calls()).toHaveLength(0);
  });

  it('names the IAM action when access to the resources is denied', async () => {
    restApiExists();
    aws.mocks.apiGateway.on(GetStageCommand).resolves({ stageName: 'prod' });
    aws.mocks.apiGateway.on(GetResourcesCommand).rejects(awsError('AccessDeniedException'));

    await expect(describeApi(aws.clients, ref)).rejects.toThrow(/GetResources needs apigateway:GET on .*\/restapis\/a1b2c3d4e5\/resources/);
  });

  it('tells how to configure credentials when there are none', async () => {
    aws.mocks.apiGateway.on(GetRestApiCommand).rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));

    const error = await describeApi(aws.clients, ref).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NoCredentialsError);
    expect((error as NoCredentialsError).code).toBe('no_credentials');
    expect((error as Error).message).toMatch(/AWS_PROFILE.*AWS_ACCESS_KEY_ID/);
  });

  it('treats expired credentials as a credentials problem', async () => {
    aws.mocks.apiGateway.on(GetRestApiCommand).rejects(awsError('ExpiredTokenException'));

    await expect(describeApi(aws.clients, ref)).rejects.toBeInstanceOf(NoCredentialsError);
  });

  it('wraps other failures as aws_unavailable, keeping the cause', async () => {
    const outage = awsError('ServiceUnavailableException', 'try later');
    aws.mocks.apiGateway.on(GetRestApiCommand).rejects(outage);

    const error = await describeApi(aws.clients, ref).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DiagnoseError);
    expect((error as DiagnoseError).code).toBe('aws_unavailable');
    expect((error as Error).cause).toBe(outage);
  });

  it('lets an abort through unchanged', async () => {
    const controller = new AbortController();
    controller.abort();
    const abort = awsError('AbortError', 'Request aborted');
    aws.mocks.apiGateway.on(GetRestApiCommand).rejects(abort);

    await expect(describeApi(aws.clients, ref, controller.signal)).rejects.toBe(abort);
  });
});
