/**
 * Lambda entry for `POST /slack/events` and `POST /pagerduty/webhook` (API Gateway HTTP API,
 * payload 2.0). Verifies, acknowledges and enqueues to SQS; the worker function does the work.
 */
import { buildIngressParts } from './build-ingress.ts';
import { createIngressHandler } from './create-ingress-handler.ts';

export const handler = createIngressHandler(buildIngressParts());
