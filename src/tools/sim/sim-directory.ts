/**
 * Account-level things the simulated account holds besides its APIs: custom domain names (with
 * their API mappings, REST base path mappings and routing rules) and CloudWatch alarms. Plain
 * data handed to SimWorld; the scenario files stay about one incident each.
 */

export interface SimDomain {
  name: string;
  region: string;
  routingMode?: 'API_MAPPING_ONLY' | 'ROUTING_RULE_ONLY' | 'ROUTING_RULE_THEN_API_MAPPING';
  /** apigatewayv2 API mappings (for REST and HTTP APIs alike); `key` '' maps the root. */
  apiMappings?: Array<{ key: string; apiId: string; stage: string }>;
  /** apigateway (v1) base path mappings, REST APIs only; `basePath` '(none)' maps the root. */
  basePathMappings?: Array<{ basePath: string; restApiId: string; stage: string }>;
  routingRules?: Array<{
    priority: number;
    basePaths?: string[];
    headers?: Array<{ header: string; valueGlob: string }>;
    apiId: string;
    stage: string;
    stripBasePath?: boolean;
  }>;
}

export interface SimAlarm {
  name: string;
  region: string;
  account: string;
  description?: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  period: number;
  threshold: number;
}

export interface SimDirectory {
  domains: SimDomain[];
  alarms: SimAlarm[];
}

export const EMPTY_DIRECTORY: SimDirectory = { domains: [], alarms: [] };
