/**
 * `/diagnose-502 <api-id|name> <stage> [region]`, `/diagnose-502 <url>` or `/diagnose-502 [scan]`. Acknowledges first (Slack allows 3 seconds, and
 * bad arguments are answered in the acknowledgement itself; a good one with a visible "Received…"
 * line), then checks access and hands the diagnosis to the work queue. A Slack retry of the same
 * command never starts a second one. Past the per-person or per-channel limit, the acknowledgement
 * says when to try again and nothing starts.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { resolveApiRegion } from '../../../../adapters/config/resolve-api-region.ts';
import { commandDedupKey } from '../../command-dedup-key.ts';
import type { ListenerDeps } from '../../listener-deps.ts';
import { parseDiagnoseCommand, usageText } from '../../parse-diagnose-command.ts';
import { receivedCommandText } from '../../received-command-text.ts';

export function diagnose502Command(deps: ListenerDeps) {
  return async function onDiagnose502({ command, ack, respond, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
    const parsed = parseDiagnoseCommand(command.text);
    if (!parsed.ok) {
      await ack({ response_type: 'ephemeral', text: usageText(parsed.problem) });
      return;
    }
    // Over the limit: refused in the acknowledgement itself, before anything is queued.
    const rate = deps.commandRateLimit?.take({ user: command.user_id, channel: command.channel_id, triggerId: command.trigger_id });
    if (rate && !rate.allowed) {
      deps.logger.info(
        { user: command.user_id, channel: command.channel_id, retryAfterSeconds: rate.retryAfterSeconds },
        'refused a command over the rate limit',
      );
      await ack({ response_type: 'ephemeral', text: rate.reason });
      return;
    }
    // A scan takes a few seconds of AWS calls: say so at once, the list follows through response_url.
    if (parsed.kind === 'scan') await ack({ response_type: 'ephemeral', text: 'Looking for APIs returning 5xx in the last 15 minutes…' });
    // Otherwise a short visible line: in HTTP mode Slack has its answer before anything is stored or
    // queued, and without it a crash in between would look like a command that was never sent.
    else await ack({ response_type: 'ephemeral', text: receivedCommandText(parsed.target) });
    const log = deps.logger.child({ command: command.command, user: command.user_id, channel: command.channel_id });
    try {
      // A Slack retry (X-Slack-Retry-Num) is not dropped here: when the first delivery failed, the
      // retry is the only copy. The service's claim on the trigger id starts each command once.
      if (context.retryNum) log.info({ retryNum: context.retryNum, retryReason: context.retryReason }, 'Slack retried a command');
      const decision = await deps.accessCheck({ userId: command.user_id, channelId: command.channel_id });
      if (!decision.allowed) {
        deps.commandRateLimit?.release(command.trigger_id);
        log.info('refused a diagnose request');
        await respond({ response_type: 'ephemeral', replace_original: false, text: decision.reason });
        return;
      }
      const now = deps.now();
      if (parsed.kind === 'scan') {
        await deps.queue.enqueue({
          kind: 'scan',
          request: {
            channel: command.channel_id,
            user: command.user_id,
            ...(parsed.region ? { region: parsed.region } : {}),
            responseUrl: command.response_url,
            requestedAt: now.toISOString(),
          },
        });
        return;
      }
      const request = {
        channel: command.channel_id,
        requestedBy: command.user_id,
        requestedAt: now.toISOString(),
        dedupKey: commandDedupKey(command, now),
        responseUrl: command.response_url,
      };
      const { target } = parsed;
      if (target.kind === 'id' || target.kind === 'invoke-url') {
        const region = target.kind === 'id' ? resolveApiRegion(deps.config, target.apiId, target.region, deps.defaultRegion) : target.region;
        const ref = { apiId: target.apiId, stage: target.stage, region, ...(target.kind === 'invoke-url' && target.route ? { route: target.route } : {}) };
        await deps.queue.enqueue({ kind: 'start', request: { ...request, ref } });
      } else {
        // Names and custom domains need AWS lookups, which may outlast Slack's 3 seconds.
        await deps.queue.enqueue({ kind: 'resolve-start', target, defaultRegion: deps.defaultRegion, request });
      }
    } catch (error) {
      log.error({ err: error }, 'could not start a diagnosis');
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'Something went wrong starting the diagnosis; please try again.' }).catch(
        () => undefined,
      );
    }
  };
}
