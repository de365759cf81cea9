import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../listener-deps.ts';
import { threadMentionEvent, threadMessageEvent } from './thread-question-event.ts';

export function register(app: App, deps: ListenerDeps): void {
  app.event('app_mention', threadMentionEvent(deps));
  app.event('message', threadMessageEvent(deps));
}
