import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../listener-deps.ts';
import { appHomeOpenedEvent } from './app-home-opened-event.ts';
import { threadMentionEvent, threadMessageEvent } from './thread-question-event.ts';

export function register(app: App, deps: ListenerDeps): void {
  app.event('app_mention', threadMentionEvent(deps));
  app.event('message', threadMessageEvent(deps));
  app.event('app_home_opened', appHomeOpenedEvent(deps));
}
