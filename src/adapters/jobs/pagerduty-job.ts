/**
 * The work a PagerDuty delivery or a "which API?" answer turns into once it has been answered.
 * Plain JSON, like the Slack bot's jobs, so it can go through SQS to a worker later.
 */
import type { PagerDutyEvent } from '../pagerduty/pagerduty-webhook-schema.ts';

export type PagerDutyJob =
  | {
      kind: 'pagerduty-event';
      /** The event's id (signed, unlike the X-Webhook-Id header): the same on every redelivery. */
      deliveryId: string;
      event: PagerDutyEvent;
      receivedAt: string;
    }
  | {
      kind: 'pagerduty-choose-api';
      incidentId: string;
      /** `<api-id> <stage> [region]`, from the select menu or typed. */
      choice: string;
      user: string;
      channel: string;
      /** ts of the question message the answer was given on. */
      messageTs: string;
      at: string;
    };
