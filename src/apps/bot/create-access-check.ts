/**
 * Who may run a diagnosis, from the `access` section of the config: channels restrict where,
 * users and user groups restrict who. Without rules everyone in the workspace may. Group
 * membership comes from usergroups.users.list and is cached for a few minutes; if Slack cannot
 * tell us (missing usergroups:read scope, outage) the answer is no, with a reason an admin can act on.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { AccessRules } from '../../adapters/config/access-config-schema.ts';

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * `channelId` is where the request was made; App Home has no channel of its own, so it passes
 * `anyChannel` and only the user and group rules apply.
 */
export type AccessCheck = (who: { userId: string; channelId: string; anyChannel?: boolean }) => Promise<AccessDecision>;

export interface AccessCheckOptions {
  rules: AccessRules | undefined;
  client: Pick<WebClient, 'usergroups'>;
  logger: Logger;
  /** How long a group's member list is trusted. */
  cacheTtlMs?: number;
  now?: () => number;
}

export function createAccessCheck(options: AccessCheckOptions): AccessCheck {
  const { rules, client, logger } = options;
  const ttl = options.cacheTtlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { members: Set<string>; expires: number }>();

  const membersOf = async (group: string): Promise<Set<string>> => {
    const hit = cache.get(group);
    if (hit && hit.expires > now()) return hit.members;
    const res = await client.usergroups.users.list({ usergroup: group });
    const members = new Set(res.users ?? []);
    cache.set(group, { members, expires: now() + ttl });
    return members;
  };

  return async ({ userId, channelId, anyChannel }) => {
    if (!rules) return { allowed: true };
    if (rules.channels && !anyChannel && !rules.channels.includes(channelId)) {
      return { allowed: false, reason: `diagnose-502 is not enabled in this channel. Use it in ${rules.channels.map((c) => `<#${c}>`).join(', ')}.` };
    }
    if (!rules.users && !rules.usergroups) return { allowed: true };
    if (rules.users?.includes(userId)) return { allowed: true };
    let lookupFailed = false;
    for (const group of rules.usergroups ?? []) {
      try {
        if ((await membersOf(group)).has(userId)) return { allowed: true };
      } catch (error) {
        lookupFailed = true;
        logger.error({ err: error, usergroup: group }, 'could not read user group members; check the usergroups:read scope');
      }
    }
    const who = [...(rules.users ?? []).map((u) => `<@${u}>`), ...(rules.usergroups ?? []).map((g) => `<!subteam^${g}>`)].join(', ');
    const extra = lookupFailed
      ? ' (I could not check group membership just now; if you should have access, ask the bot admin to check its usergroups:read scope.)'
      : '';
    return { allowed: false, reason: `Sorry, you are not allowed to run diagnose-502. Access is limited to ${who}.${extra}` };
  };
}
