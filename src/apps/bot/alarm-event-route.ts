/**
 * `POST /alarms/event` for Bolt's HTTP receiver: a signed CloudWatch alarm state change, posted
 * by the sandbox, a test, or a forwarder that signs what EventBridge hands it (API destinations
 * only send fixed headers) to the local bot.
 */
import type { CustomRoute } from '@slack/bolt';
import { handleAlarmPost, type AlarmPostDeps } from '../runtime/handle-alarm-post.ts';
import { signedPostRoute } from './signed-post-route.ts';

export const ALARM_EVENT_PATH = '/alarms/event';
/** An alarm event is a few KB; EventBridge caps events at 256 KB. */
const MAX_BODY_BYTES = 256 * 1024;

export function alarmEventRoute(deps: AlarmPostDeps, path = ALARM_EVENT_PATH): CustomRoute {
  return signedPostRoute({
    path,
    maxBodyBytes: MAX_BODY_BYTES,
    name: 'alarm event route',
    ...(deps.logger ? { logger: deps.logger } : {}),
    handle: (post) => handleAlarmPost(post, deps),
  });
}
