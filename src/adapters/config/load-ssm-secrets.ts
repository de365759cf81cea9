/**
 * The bot's secrets, read from SSM Parameter Store (SecureString) in one GetParameters call at
 * cold start. The template only knows the parameter path, so `osls package` needs no AWS access
 * and nothing secret ends up in CloudFormation or in the function's environment.
 */
import { GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { ConfigValidationError } from '../../core/errors/diagnose-error.ts';

export interface BotSecrets {
  slackBotToken: string;
  slackSigningSecret: string;
  /** Comma-separated during a rotation (new first), as PAGERDUTY_WEBHOOK_SECRET locally. */
  pagerDutyWebhookSecret?: string;
  pagerDutyApiToken?: string;
}

/** Parameter names under the prefix; the Slack pair is required, PagerDuty's are optional. */
export const SECRET_PARAMETERS = {
  slackBotToken: 'slack-bot-token',
  slackSigningSecret: 'slack-signing-secret',
  pagerDutyWebhookSecret: 'pagerduty-webhook-secret',
  pagerDutyApiToken: 'pagerduty-api-token',
} as const satisfies Record<keyof BotSecrets, string>;

const REQUIRED: Array<keyof BotSecrets> = ['slackBotToken', 'slackSigningSecret'];

/**
 * @example
 * const secrets = await loadSsmSecrets(new SSMClient({}), '/diagnose-502/prod/');
 */
export async function loadSsmSecrets(ssm: Pick<SSMClient, 'send'>, prefix: string): Promise<BotSecrets> {
  const names = Object.fromEntries(Object.entries(SECRET_PARAMETERS).map(([key, name]) => [key, `${prefix}${name}`])) as Record<keyof BotSecrets, string>;
  const out = await ssm.send(new GetParametersCommand({ Names: Object.values(names), WithDecryption: true }));
  const values = new Map((out.Parameters ?? []).map((p) => [p.Name, p.Value?.trim()]));
  const missing = REQUIRED.filter((key) => !values.get(names[key]));
  if (missing.length > 0) {
    const list = missing.map((key) => names[key]);
    throw new ConfigValidationError(
      `SSM parameters missing: ${list.join(', ')}. Create them as SecureString, e.g. ` +
        `aws ssm put-parameter --type SecureString --name ${list[0]} --value '…' (docs/deploy.md).`,
    );
  }
  const optional = (key: keyof BotSecrets) => {
    const value = values.get(names[key]);
    return value ? { [key]: value } : {};
  };
  return {
    slackBotToken: values.get(names.slackBotToken)!,
    slackSigningSecret: values.get(names.slackSigningSecret)!,
    ...optional('pagerDutyWebhookSecret'),
    ...optional('pagerDutyApiToken'),
  };
}
