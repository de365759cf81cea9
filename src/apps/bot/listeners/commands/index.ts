import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../listener-deps.ts';
import { diagnose502Command } from './diagnose-502-command.ts';

export const DIAGNOSE_COMMAND = '/diagnose-502';

export function register(app: App, deps: ListenerDeps): void {
  app.command(DIAGNOSE_COMMAND, diagnose502Command(deps));
}
