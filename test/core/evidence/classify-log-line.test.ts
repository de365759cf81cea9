import { describe, expect, it } from 'vitest';
import { classifyLogLine, completedStatus, executionLogRequestId } from '../../../src/core/evidence/classify-log-line.ts';

const ID = '(5b6c1a2e-8f3d-4c1b-9a7e-2d4f6b8c0e1a) ';

describe('classifyLogLine', () => {
  it.each([
    // Execution-log lines, as API Gateway writes them (facts.md A1).
    ['Execution failed due to a timeout error', 'integration-timeout'],
    ['Lambda execution failed with status 200 due to customer function error: Task timed out after 3.00 seconds. Lambda request id: 0c9f', 'function-timeout'],
    ['Task timed out after 29.03 seconds', 'function-timeout'],
    ['Execution failed due to configuration error: Invalid permissions on Lambda function', 'permission'],
    ['Execution failed due to configuration error: Malformed Lambda proxy response', 'malformed-proxy-response'],
    [
      "Lambda execution failed with status 200 due to customer function error: Cannot read properties of undefined (reading 'id'). Lambda request id: 9d1e",
      'function-error',
    ],
    ['Lambda invocation failed with status: 429. Lambda request id: 77aa', 'lambda-throttle'],
    [
      'Endpoint response body before transformations: {"Reason":"ConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}',
      'lambda-throttle',
    ],
    ['Execution failed: TooManyRequestsException', 'lambda-throttle'],
    ['Execution failed due to configuration error: There was an internal error while executing your request', 'network'],
    ['Execution failed due to configuration error: VPC link is not in AVAILABLE state', 'network'],
    [
      "Execution failed due to configuration error: Host name 'orders.internal' does not match the certificate subject provided by the peer (CN=*.example.com)",
      'tls',
    ],
    ['Execution failed due to configuration error: General SSLEngine problem', 'tls'],
    ['Execution failed due to configuration error: PKIX path building failed', 'tls'],
    ['Execution failed due to configuration error: Output mapping refers to an invalid method response: 201', 'mapping-template'],
    ['Execution failed due to configuration error: Unable to transform request', 'mapping-template'],
    ['Execution failed due to configuration error: Invalid mapping expression specified: integration.response.body.x', 'mapping-template'],
    ['Method completed with status: 502', 'status'],
    ['Execution failed due to configuration error: Authorizer error', 'other-5xx'],
    // Access-log error texts and gateway response types.
    ['Service Unavailable | INTEGRATION_TIMEOUT', 'integration-timeout'],
    ['Lambda invocation timed out', 'integration-timeout'],
    ["The response from the Lambda function doesn't match the format that API Gateway expects. Invalid status code", 'malformed-proxy-response'],
    ['Internal server error | MALFORMED_PROXY_RESPONSE', 'malformed-proxy-response'],
    ['{"errorType":"TypeError","errorMessage":"boom"} | INTEGRATION_FAILURE', 'function-error'],
    // Lines that report no failure.
    ['Endpoint request body after transformations: {}', null],
    ['Starting execution for request: 5b6c1a2e', null],
    ['Internal Server Error | INTEGRATION_FAILURE', null],
  ] as const)('%s → %s', (line, expected) => {
    expect(classifyLogLine(line)).toBe(expected);
    // The request-id prefix of execution logs changes nothing.
    expect(classifyLogLine(ID + line)).toBe(expected);
  });

  it("keeps a function's own throttling or access errors as function errors", () => {
    expect(classifyLogLine('Lambda execution failed with status 200 due to customer function error: Rate exceeded')).toBe('function-error');
    expect(
      classifyLogLine(
        'Lambda execution failed with status 200 due to customer function error: AccessDeniedException: not authorized to perform dynamodb:GetItem',
      ),
    ).toBe('function-error');
  });
});

describe('completedStatus', () => {
  it('reads the status of the line that ends a request', () => {
    expect(completedStatus(`${ID}Method completed with status: 504`)).toBe(504);
    expect(completedStatus(`${ID}Execution failed due to a timeout error`)).toBeUndefined();
  });
});

describe('executionLogRequestId', () => {
  it('reads the request id in parentheses at the start of the line', () => {
    expect(executionLogRequestId(`${ID}Method completed with status: 502`)).toBe('5b6c1a2e-8f3d-4c1b-9a7e-2d4f6b8c0e1a');
    expect(executionLogRequestId('(a1b2c3d4) Extended Request Id: FgH1iJkLmN')).toBe('a1b2c3d4');
  });

  it('finds no id when the line does not start with one', () => {
    expect(executionLogRequestId('Method completed with status: 502 (5b6c1a2e)')).toBeUndefined();
    expect(executionLogRequestId('(not an id!) text')).toBeUndefined();
  });
});
