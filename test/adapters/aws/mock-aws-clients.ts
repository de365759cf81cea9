import { mockClient } from 'aws-sdk-client-mock';
import { buildAwsClients, type AwsClients } from '../../../src/adapters/aws/aws-clients.ts';

/**
 * Real SDK clients (us-east-1, dummy keys) with aws-sdk-client-mock installed on each instance, so
 * a test that forgets a stub gets `undefined` back instead of reaching the network.
 */
export function mockAwsClients() {
  const config = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } };
  const clients: AwsClients = buildAwsClients(config);
  const mocks = {
    apiGateway: mockClient(clients.apiGateway),
    apiGatewayV2: mockClient(clients.apiGatewayV2),
    cloudWatch: mockClient(clients.cloudWatch),
    logs: mockClient(clients.logs),
    cloudTrail: mockClient(clients.cloudTrail),
    lambda: mockClient(clients.lambda),
    elb: mockClient(clients.elb),
  };
  // Each stub has its own command types; only the raw arguments matter here.
  const allCalls = (): { args: unknown[] }[] => Object.values(mocks).flatMap((m): { args: unknown[] }[] => m.calls());
  return {
    clients,
    mocks,
    /** Names of every command sent to any client, e.g. `GetRestApiCommand`. */
    sentCommands: (): string[] => allCalls().map((call) => (call.args[0] as object).constructor.name),
    /** The options object (second argument) of every `send`, to check the abort signal is passed on. */
    sendOptions: (): unknown[] => allCalls().map((call) => call.args[1]),
  };
}

/** An SDK-shaped service error: what the clients reject with. */
export function awsError(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Fails unless every command is a read (Get…, Describe…, List…). */
export function onlyReads(commands: string[]): string[] {
  return commands.filter((name) => !/^(Get|Describe|List)[A-Za-z]+Command$/.test(name));
}
