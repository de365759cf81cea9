/**
 * Signs a request body the way Slack signs what it sends to an app: `v0=` + HMAC-SHA256 of
 * `v0:<timestamp>:<raw body>` under the signing secret, with the timestamp in its own header.
 * The bot checks these exactly as it checks Slack's, so the sandbox needs no back door.
 */
import { createHmac } from 'node:crypto';

export interface SlackRequestHeaders {
  'content-type': 'application/x-www-form-urlencoded';
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
}

/**
 * @example
 * const headers = signSlackRequest(body, secret);
 * await fetch(`${botUrl}/slack/events`, { method: 'POST', headers, body });
 */
export function signSlackRequest(rawBody: string, signingSecret: string, timestampSeconds = Math.floor(Date.now() / 1000)): SlackRequestHeaders {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestampSeconds),
    'x-slack-signature': `v0=${signature}`,
  };
}
