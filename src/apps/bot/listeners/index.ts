import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.ts';
import { register as registerActions } from './actions/index.ts';
import { register as registerCommands } from './commands/index.ts';
import { register as registerEvents } from './events/index.ts';

/** Registers every listener; each folder's index.ts owns its own. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerEvents(app, deps);
}
