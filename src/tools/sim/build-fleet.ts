/**
 * Many APIs at once for the simulated account: `count` quiet REST and HTTP APIs spread over
 * regions, some of them failing, as scenarios the simulator serves like any other. Used by the
 * scan tests and bench, where the point is an account with hundreds of APIs.
 */
import { scenarioSchema, type Scenario, type ScenarioInput } from './scenario-schema.ts';
import { shortId } from './sim-world.ts';

export interface FleetFailure {
  /** Index of the API in the fleet. */
  index: number;
  /** 5xx per minute during the failure. */
  errorsPerMinute: number;
  /** Minutes before now the failure started (default 8). */
  since?: number;
}

export interface FleetOptions {
  count: number;
  regions?: string[];
  /** Requests per minute on every API (default 200). */
  requestsPerMinute?: number;
  failing?: FleetFailure[];
  /** Prefix of every API name (default "svc"). */
  namePrefix?: string;
}

export interface FleetApi {
  id: string;
  type: 'rest' | 'http';
  name: string;
  stage: string;
  region: string;
}

/** Even indexes are REST APIs, odd ones HTTP APIs; regions are assigned round-robin. */
export function buildFleet(options: FleetOptions): { scenarios: Scenario[]; apis: FleetApi[] } {
  const regions = options.regions ?? ['us-east-1'];
  const rpm = options.requestsPerMinute ?? 200;
  const prefix = options.namePrefix ?? 'svc';
  const failures = new Map((options.failing ?? []).map((f) => [f.index, f]));
  const scenarios: Scenario[] = [];
  const apis: FleetApi[] = [];
  for (let i = 0; i < options.count; i++) {
    const type = i % 2 === 0 ? 'rest' : 'http';
    const region = regions[i % regions.length] as string;
    const id = shortId(10, 'fleet', prefix, String(i));
    const name = `${prefix}-${String(i).padStart(3, '0')}`;
    const stage = 'prod';
    const failure = failures.get(i);
    const errors = failure
      ? [
          { from: -180, to: -(failure.since ?? 8) - 1, value: 0 },
          { from: -(failure.since ?? 8), to: 0, value: failure.errorsPerMinute },
        ]
      : [{ from: -180, to: 0, value: 0 }];
    const input: ScenarioInput = {
      id: `fleet-${prefix}-${i}`,
      title: `Fleet API ${name}`,
      description: failure ? `${name} returns 5xx` : `${name} is quiet`,
      expectedCause: failure ? 'inconclusive' : 'none',
      region,
      api:
        type === 'rest'
          ? { type, id, name, stages: [{ name: stage }], resources: [{ path: '/items', methods: { GET: { integration: { type: 'MOCK' } } } }] }
          : {
              type,
              id,
              name,
              stages: [{ name: stage }],
              routes: [{ key: 'GET /items', integration: { type: 'HTTP_PROXY', uri: 'https://backend.example.com/items' } }],
            },
      metrics: { api: { Count: [{ from: -180, to: 0, value: rpm }], [type === 'rest' ? '5XXError' : '5xx']: errors } },
    };
    scenarios.push(scenarioSchema.parse(input));
    apis.push({ id, type, name, stage, region });
  }
  return { scenarios, apis };
}
