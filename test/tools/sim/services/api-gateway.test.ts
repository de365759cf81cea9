import {
  GetIntegrationCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetStageCommand,
  GetVpcLinkCommand,
  APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import {
  GetApiCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand as GetStageV2Command,
  ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { rejection, simConfig, useSimulator } from '../sim-test-clients.ts';

function simClients(endpoint: string, accessKeyId = 'sim') {
  const config = simConfig(endpoint, accessKeyId);
  return {
    apiGateway: new APIGatewayClient(config),
    apiGatewayV2: new ApiGatewayV2Client(config),
  };
}
const world = useSimulator((endpoint) => simClients(endpoint));

describe('API Gateway v1 (REST APIs)', () => {
  it('describes the API, its stage settings and its resources with embedded integrations', async () => {
    // Act
    const api = await world.aws.apiGateway.send(new GetRestApiCommand({ restApiId: 'k7x2m9q4ta' }));
    const stage = await world.aws.apiGateway.send(new GetStageCommand({ restApiId: 'k7x2m9q4ta', stageName: 'prod' }));
    const resources = await world.aws.apiGateway.send(new GetResourcesCommand({ restApiId: 'k7x2m9q4ta', embed: ['methods'] }));

    // Assess
    expect(api.name).toBe('orders-api');
    expect(api.endpointConfiguration?.types).toEqual(['REGIONAL']);
    expect(api.createdDate).toBeInstanceOf(Date);
    expect(stage.methodSettings?.['*/*']).toMatchObject({ loggingLevel: 'INFO', dataTraceEnabled: true, metricsEnabled: false });
    expect(stage.tracingEnabled).toBe(false);
    const orders = resources.items?.find((r) => r.path === '/orders');
    const integration = orders?.resourceMethods?.GET?.methodIntegration;
    expect(integration).toMatchObject({
      type: 'AWS_PROXY',
      httpMethod: 'POST',
      connectionType: 'INTERNET',
      timeoutInMillis: 29000,
      uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders-list/invocations',
    });
    expect(resources.items?.find((r) => r.path === '/')?.id).toBe(api.rootResourceId);
    expect(resources.items?.find((r) => r.path === '/orders/{id}')?.parentId).toBe(orders?.id);
  });

  it('reports no "*/*" method settings when logging is off, and access-log settings when set', async () => {
    const off = await world.aws.apiGateway.send(new GetStageCommand({ restApiId: 'l5g0f2f7oi', stageName: 'prod' }));
    expect(off.methodSettings).toEqual({});
    expect(off.accessLogSettings).toBeUndefined();
    const withAccessLog = await world.aws.apiGateway.send(new GetStageCommand({ restApiId: 'b4e7r2x9le', stageName: 'prod' }));
    expect(withAccessLog.accessLogSettings?.destinationArn).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/checkout-api-access');
    expect(withAccessLog.accessLogSettings?.format).toContain('$context.status');
  });

  it('serves a VPC_LINK integration and its VPC link with the NLB ARN', async () => {
    // Prepare
    const resources = await world.aws.apiGateway.send(new GetResourcesCommand({ restApiId: 'n3w8v5l2kb' }));
    const items = resources.items?.find((r) => r.path === '/items');

    // Act
    const integration = await world.aws.apiGateway.send(new GetIntegrationCommand({ restApiId: 'n3w8v5l2kb', resourceId: items?.id, httpMethod: 'GET' }));
    const link = await world.aws.apiGateway.send(new GetVpcLinkCommand({ vpcLinkId: integration.connectionId }));

    // Assess
    expect(items?.resourceMethods).toEqual({ GET: {} });
    expect(integration).toMatchObject({
      type: 'HTTP_PROXY',
      connectionType: 'VPC_LINK',
      connectionId: 'vl7q2kz',
      uri: 'http://inventory.internal.example.com:8443/items',
    });
    expect(link.status).toBe('AVAILABLE');
    expect(link.targetArns?.[0]).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/net\/inventory-nlb\/[0-9a-f]{16}$/);
  });

  it('answers NotFoundException for an unknown id and for an HTTP API id', async () => {
    const unknown = await rejection(world.aws.apiGateway.send(new GetRestApiCommand({ restApiId: 'zzzzzzzzzz' })));
    expect(unknown.name).toBe('NotFoundException');
    expect(unknown.$metadata?.httpStatusCode).toBe(404);
    const httpApi = await rejection(world.aws.apiGateway.send(new GetRestApiCommand({ restApiId: 'h2t7p4a9vg' })));
    expect(httpApi.name).toBe('NotFoundException');
    const stage = await rejection(world.aws.apiGateway.send(new GetStageCommand({ restApiId: 'k7x2m9q4ta', stageName: 'dev' })));
    expect(stage.name).toBe('NotFoundException');
  });
});

describe('API Gateway v2 (HTTP APIs)', () => {
  it('describes the API, stage, routes and integrations', async () => {
    // Act
    const api = await world.aws.apiGatewayV2.send(new GetApiCommand({ ApiId: 'h2t7p4a9vg' }));
    const stage = await world.aws.apiGatewayV2.send(new GetStageV2Command({ ApiId: 'h2t7p4a9vg', StageName: 'prod' }));
    const routes = await world.aws.apiGatewayV2.send(new GetRoutesCommand({ ApiId: 'h2t7p4a9vg' }));
    const integrations = await world.aws.apiGatewayV2.send(new GetIntegrationsCommand({ ApiId: 'h2t7p4a9vg' }));

    // Assess
    expect(api).toMatchObject({ ApiId: 'h2t7p4a9vg', Name: 'shipping-http-api', ProtocolType: 'HTTP' });
    expect(api.CreatedDate).toBeInstanceOf(Date);
    expect(stage.AccessLogSettings?.DestinationArn).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/shipping-http-api-access');
    expect(stage.DefaultRouteSettings?.DetailedMetricsEnabled).toBe(false);
    const label = routes.Items?.find((r) => r.RouteKey === 'POST /shipments/{id}/label');
    const target = integrations.Items?.find((i) => `integrations/${i.IntegrationId}` === label?.Target);
    expect(target).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:label-create',
      PayloadFormatVersion: '2.0',
      TimeoutInMillis: 30000,
    });
  });

  it('answers NotFoundException for a REST API id', async () => {
    const error = await rejection(world.aws.apiGatewayV2.send(new GetApiCommand({ ApiId: 'k7x2m9q4ta' })));
    expect(error.name).toBe('NotFoundException');
  });
});
