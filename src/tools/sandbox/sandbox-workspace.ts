/**
 * Who and where the sandbox pretends to be: one workspace, one person at the keyboard, the bot,
 * and the channels the page shows. Ids have Slack's shapes so the bot's validation treats them
 * like real ones.
 */

export const SANDBOX_TEAM = { id: 'T0SANDBOX', domain: 'diagnose-502-sandbox', name: 'diagnose-502 sandbox' } as const;
export const SANDBOX_APP_ID = 'A0DIAG502';
export const SANDBOX_USER = { id: 'U0ONCALL', username: 'oncall', name: 'You (on call)' } as const;
export const SANDBOX_BOT = { userId: 'U0DIAGBOT', botId: 'B0DIAGBOT', name: 'diagnose-502' } as const;

export interface SandboxChannel {
  id: string;
  name: string;
  /** Which bot answers commands typed here. */
  aws: 'simulated' | 'real';
  topic: string;
}

export const SIMULATED_CHANNEL: SandboxChannel = {
  id: 'C0INCIDENT',
  name: 'incident-502',
  aws: 'simulated',
  topic: 'Simulated AWS account: every API in the scenario list is failing (or not) right now',
};

export const REAL_AWS_CHANNEL: SandboxChannel = {
  id: 'C0REALAWS',
  name: 'real-aws',
  aws: 'real',
  topic: 'Diagnoses here read your real AWS account (read-only calls, with the credentials npm start was given)',
};

/** Display names for mentions on the page. */
export const SANDBOX_USER_NAMES: Record<string, string> = {
  [SANDBOX_USER.id]: SANDBOX_USER.username,
  [SANDBOX_BOT.userId]: SANDBOX_BOT.name,
};
