import { describe, expect, it } from 'vitest';
import { receivedCommandText } from '../../../src/apps/bot/received-command-text.ts';

describe('receivedCommandText', () => {
  it('names the parsed API and stage, or the URL, escaped as inline code', () => {
    expect(receivedCommandText({ kind: 'name', name: 'checkout-api', stage: 'prod' })).toMatch(/^Received `checkout-api` `prod`\. /);
    expect(receivedCommandText({ kind: 'invoke-url', apiId: 'k7x2m9q4ta', region: 'us-east-1', stage: 'v1', route: '/orders' })).toMatch(
      /^Received `k7x2m9q4ta` `v1`\. /,
    );
    expect(receivedCommandText({ kind: 'domain-url', hostname: 'api.example.com', path: '/v2/<orders>' })).toMatch(
      /^Received `api\.example\.com\/v2\/&lt;orders&gt;`\. /,
    );
  });
});
