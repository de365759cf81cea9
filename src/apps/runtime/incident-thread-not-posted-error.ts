/**
 * A PagerDuty incident whose thread (or "which API?" question) Slack refused to take. Thrown so
 * the job fails and is retried (the in-process queue, or SQS on Lambda) instead of being counted
 * as done; `retryable` is false when Slack will refuse the same way every time.
 */
export class IncidentThreadNotPostedError extends Error {
  readonly code = 'incident_thread_not_posted';

  constructor(
    readonly incidentId: string,
    readonly channel: string,
    readonly slackError: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(
      retryable
        ? `could not post the thread of PagerDuty incident ${incidentId} in ${channel} (${slackError}); it will be tried again`
        : `Slack refused the thread of PagerDuty incident ${incidentId} in ${channel} (${slackError}): invite the bot to the channel (/invite @diagnose-502) or fix pagerduty.channel in the configuration`,
      options,
    );
    this.name = 'IncidentThreadNotPostedError';
  }
}
