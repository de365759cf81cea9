/**
 * One cheap call per IAM action in COLLECTOR_PERMISSIONS, made the way the collectors make it but
 * as small as AWS allows (one result, a five-minute window, a made-up name). A call that reaches
 * the resource lookup ("not found") proves the action is allowed: IAM is evaluated first.
 */
import { GetRestApiCommand, GetRestApisCommand, GetVpcLinkCommand as GetRestVpcLinkCommand } from '@aws-sdk/client-api-gateway';
import { GetApiCommand, GetApisCommand, GetDomainNameCommand, GetVpcLinkCommand as GetHttpVpcLinkCommand } from '@aws-sdk/client-apigatewayv2';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetFunctionConfigurationCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import { executionLogGroupName } from '../../../core/api/api-descriptor.ts';
import type { AwsClients } from '../../../adapters/aws/aws-clients.ts';
import type { PermissionUser } from '../../../adapters/aws/iam/collector-permissions.ts';

/** What the probes are aimed at: made-up names unless an API is given. */
export interface DoctorTarget {
  region: string;
  apiId?: string;
  stage?: string;
}

export interface DoctorProbe {
  user: PermissionUser;
  action: string;
  /** SDK operation, e.g. `GetRestApi`. */
  operation: string;
  call(clients: AwsClients, signal: AbortSignal): Promise<unknown>;
}

// Names nobody uses, shaped like real ones so AWS validates them and then finds nothing.
const PROBE_API_ID = 'd502doctor';
const PROBE_VPC_LINK = 'd502dr';
const PROBE_FUNCTION = 'diagnose-502-doctor-probe';
const PROBE_LOG_GROUP = '/diagnose-502/doctor-probe';
const PROBE_DOMAIN = 'diagnose-502-doctor.example.com';
const WINDOW_MS = 5 * 60_000;

export function doctorProbes(target: DoctorTarget, now: () => Date = () => new Date()): DoctorProbe[] {
  const apiId = target.apiId ?? PROBE_API_ID;
  const logGroup = target.apiId && target.stage ? executionLogGroupName(target.apiId, target.stage) : PROBE_LOG_GROUP;
  const window = () => {
    const end = Math.floor(now().getTime() / 60_000) * 60_000;
    return { start: new Date(end - WINDOW_MS), end: new Date(end) };
  };
  return [
    {
      user: 'api',
      action: 'apigateway:GET',
      operation: 'GetRestApi',
      call: (c, signal) => c.apiGateway.send(new GetRestApiCommand({ restApiId: apiId }), { abortSignal: signal }),
    },
    {
      user: 'api',
      action: 'apigateway:GET',
      operation: 'GetApi',
      call: (c, signal) => c.apiGatewayV2.send(new GetApiCommand({ ApiId: apiId }), { abortSignal: signal }),
    },
    {
      user: 'discovery',
      action: 'apigateway:GET',
      operation: 'GetRestApis',
      call: (c, signal) => c.apiGateway.send(new GetRestApisCommand({ limit: 1 }), { abortSignal: signal }),
    },
    {
      user: 'discovery',
      action: 'apigateway:GET',
      operation: 'GetApis',
      call: (c, signal) => c.apiGatewayV2.send(new GetApisCommand({ MaxResults: '1' }), { abortSignal: signal }),
    },
    {
      user: 'discovery',
      action: 'apigateway:GET',
      operation: 'GetDomainName',
      call: (c, signal) => c.apiGatewayV2.send(new GetDomainNameCommand({ DomainName: PROBE_DOMAIN }), { abortSignal: signal }),
    },
    {
      user: 'metrics',
      action: 'cloudwatch:GetMetricData',
      operation: 'GetMetricData',
      call: (c, signal) => {
        const { start, end } = window();
        return c.cloudWatch.send(
          new GetMetricDataCommand({
            StartTime: start,
            EndTime: end,
            MetricDataQueries: [
              {
                Id: 'probe',
                MetricStat: {
                  Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: [{ Name: 'ApiId', Value: apiId }] },
                  Period: 60,
                  Stat: 'Sum',
                },
              },
            ],
          }),
          { abortSignal: signal },
        );
      },
    },
    {
      user: 'logs',
      action: 'logs:FilterLogEvents',
      operation: 'FilterLogEvents',
      call: (c, signal) => {
        const { start, end } = window();
        return c.logs.send(new FilterLogEventsCommand({ logGroupName: logGroup, startTime: start.getTime(), endTime: end.getTime(), limit: 1 }), {
          abortSignal: signal,
        });
      },
    },
    {
      user: 'changes',
      action: 'cloudtrail:LookupEvents',
      operation: 'LookupEvents',
      call: (c, signal) => {
        const { start, end } = window();
        return c.cloudTrail.send(
          new LookupEventsCommand({ StartTime: start, EndTime: end, MaxResults: 1, LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }] }),
          { abortSignal: signal },
        );
      },
    },
    {
      user: 'config',
      action: 'lambda:GetFunctionConfiguration',
      operation: 'GetFunctionConfiguration',
      call: (c, signal) => c.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: PROBE_FUNCTION }), { abortSignal: signal }),
    },
    {
      user: 'config',
      action: 'lambda:GetPolicy',
      operation: 'GetPolicy',
      call: (c, signal) => c.lambda.send(new GetPolicyCommand({ FunctionName: PROBE_FUNCTION }), { abortSignal: signal }),
    },
    {
      user: 'config',
      action: 'apigateway:GET',
      operation: 'GetVpcLink (REST)',
      call: (c, signal) => c.apiGateway.send(new GetRestVpcLinkCommand({ vpcLinkId: PROBE_VPC_LINK }), { abortSignal: signal }),
    },
    {
      user: 'config',
      action: 'apigateway:GET',
      operation: 'GetVpcLink (HTTP)',
      call: (c, signal) => c.apiGatewayV2.send(new GetHttpVpcLinkCommand({ VpcLinkId: PROBE_VPC_LINK }), { abortSignal: signal }),
    },
    {
      user: 'config',
      action: 'elasticloadbalancing:DescribeLoadBalancers',
      operation: 'DescribeLoadBalancers',
      call: (c, signal) => c.elb.send(new DescribeLoadBalancersCommand({ PageSize: 1 }), { abortSignal: signal }),
    },
    {
      user: 'config',
      action: 'elasticloadbalancing:DescribeTargetGroups',
      operation: 'DescribeTargetGroups',
      call: (c, signal) => c.elb.send(new DescribeTargetGroupsCommand({ PageSize: 1 }), { abortSignal: signal }),
    },
    {
      user: 'config',
      action: 'elasticloadbalancing:DescribeTargetHealth',
      operation: 'DescribeTargetHealth',
      call: (c, signal) =>
        c.elb.send(
          new DescribeTargetHealthCommand({
            TargetGroupArn: `arn:${partitionOf(target.region)}:elasticloadbalancing:${target.region}:000000000000:targetgroup/d502-doctor/0000000000000000`,
          }),
          { abortSignal: signal },
        ),
    },
  ];
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
