/**
 * The environments the sandbox gives its bots. Both are ordinary production configurations: a
 * bot token and signing secret, SLACK_API_URL pointing at the Slack stand-in, a state database,
 * a config file. The simulated bot additionally gets AWS_ENDPOINT_URL and dummy credentials, and
 * nothing from the user's environment, so it cannot reach a real account even by mistake.
 */

export interface BotSecrets {
  botToken: string;
  signingSecret: string;
  pagerDutySecret: string;
  /** Signs the CloudWatch alarm events the page simulates (POST /alarms/event). */
  alarmSecret: string;
}

export interface BotEnvironmentInput {
  secrets: BotSecrets;
  slackApiUrl: string;
  stateDb: string;
  /** DIAGNOSE502_CONFIG; none means open access on the bot's own account. */
  configPath?: string;
  region: string;
  logLevel: string;
  /** A throwaway HOME, so no ~/.aws profile is read. */
  home: string;
  /** DIAGNOSE502_RUNBOOK: the runbook file the sandbox watches and the bot should read. */
  runbookPath?: string;
}

/** The simulated-account bot: AWS is the local simulator, whatever the user's environment says. */
export function simulatedBotEnvironment(input: BotEnvironmentInput & { awsEndpointUrl: string }, parent: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    PATH: parent.PATH ?? '/usr/bin:/bin',
    HOME: input.home,
    ...(parent.LANG ? { LANG: parent.LANG } : {}),
    ...(parent.TZ ? { TZ: parent.TZ } : {}),
    // The SDK's Node-version notice would print on every start; the sandbox is not where to act on it.
    NODE_NO_WARNINGS: '1',
    ...slackVariables(input),
    AWS_ENDPOINT_URL: input.awsEndpointUrl,
    AWS_ACCESS_KEY_ID: 'sandbox',
    AWS_SECRET_ACCESS_KEY: 'sandbox',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: `${input.home}/aws-config`,
    AWS_SHARED_CREDENTIALS_FILE: `${input.home}/aws-credentials`,
  };
}

/** The real-account bot: the user's AWS credentials and region, minus any endpoint override. */
export function realAwsBotEnvironment(input: BotEnvironmentInput, parent: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(parent)) {
    if (key.startsWith('SLACK_') || key.startsWith('AWS_ENDPOINT_URL') || key.startsWith('PAGERDUTY_') || key === 'DIAGNOSE502_CONFIG') continue;
    env[key] = value;
  }
  return { ...env, ...slackVariables(input), AWS_REGION: parent.AWS_REGION ?? parent.AWS_DEFAULT_REGION ?? input.region };
}

/**
 * Whether the environment offers AWS credentials: keys, a profile, web identity or a container
 * role. Only then can the page offer to diagnose a real API.
 */
export function hasAwsCredentials(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
      env.AWS_PROFILE ||
      env.AWS_WEB_IDENTITY_TOKEN_FILE ||
      env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
      env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  );
}

function slackVariables(input: BotEnvironmentInput): NodeJS.ProcessEnv {
  return {
    SLACK_BOT_TOKEN: input.secrets.botToken,
    SLACK_SIGNING_SECRET: input.secrets.signingSecret,
    SLACK_API_URL: input.slackApiUrl,
    PAGERDUTY_WEBHOOK_SECRET: input.secrets.pagerDutySecret,
    ALARM_EVENT_SECRET: input.secrets.alarmSecret,
    // Any free port: the sandbox learns it from the bot.
    PORT: '0',
    STATE_DB: input.stateDb,
    ...(input.configPath ? { DIAGNOSE502_CONFIG: input.configPath } : {}),
    ...(input.runbookPath ? { DIAGNOSE502_RUNBOOK: input.runbookPath } : {}),
    AWS_REGION: input.region,
    LOG_LEVEL: input.logLevel,
  };
}
