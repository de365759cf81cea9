/**
 * The titles and alt text of the files posted in a diagnosis thread. They name the API, which
 * comes from AWS, and Slack shows them as text: escaped like everything else that reaches it.
 */
import { escapeMrkdwn } from './escape-mrkdwn.ts';

export function summaryFileTitle(apiName: string, stage: string): string {
  return escapeMrkdwn(`Incident summary: ${apiName} ${stage}`);
}

export function chartAltText(apiName: string, stage: string): string {
  return escapeMrkdwn(`Chart of 5xx errors per minute and integration latency for ${apiName} ${stage}`);
}
