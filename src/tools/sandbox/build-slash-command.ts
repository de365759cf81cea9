/**
 * The url-encoded body Slack posts when someone runs a slash command, with every field Slack
 * sends (the deprecated verification token included), for the sandbox's user and workspace.
 */
import { randomBytes } from 'node:crypto';
import { SANDBOX_APP_ID, SANDBOX_TEAM, SANDBOX_USER, type SandboxChannel } from './sandbox-workspace.ts';

export interface SlashCommandInput {
  command: string;
  text: string;
  channel: SandboxChannel;
  /** Where the bot may answer; the Slack stand-in serves it. */
  responseUrl: string;
  triggerId?: string;
}

export function buildSlashCommand(input: SlashCommandInput): string {
  return new URLSearchParams({
    token: 'sandboxVerificationTok1',
    team_id: SANDBOX_TEAM.id,
    team_domain: SANDBOX_TEAM.domain,
    channel_id: input.channel.id,
    channel_name: input.channel.name,
    user_id: SANDBOX_USER.id,
    user_name: SANDBOX_USER.username,
    command: input.command,
    text: input.text,
    api_app_id: SANDBOX_APP_ID,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? triggerId(),
  }).toString();
}

/** Shaped like Slack's: `<digits>.<digits>.<hex>`, new for every interaction. */
export function triggerId(): string {
  return `${Date.now()}${Math.floor(Math.random() * 1000)}.${SANDBOX_TEAM.id.length}384749${Math.floor(Math.random() * 100)}.${randomBytes(16).toString('hex')}`;
}
