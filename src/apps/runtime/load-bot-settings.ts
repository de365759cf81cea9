/**
 * The first stage of every composition root: the logger, the access configuration and (where the
 * process renders diagnoses) the runbook. Files are read before anything listens or calls AWS, so
 * a broken file stops the process at once with the file's own error.
 */
import type { Logger } from 'pino';
import type { AccessConfig } from '../../adapters/config/access-config-schema.ts';
import { loadAccessConfig } from '../../adapters/config/load-access-config.ts';
import { loadRunbook } from '../../adapters/config/load-runbook.ts';
import type { LogLevelName } from '../../adapters/config/read-env.ts';
import { createLogger } from '../../adapters/logging/create-logger.ts';
import type { Runbook } from '../../core/runbook/runbook-schema.ts';

export interface BotSettingsOptions {
  logLevel: LogLevelName;
  /** Used as is instead of a new logger at `logLevel` (tests). */
  logger?: Logger;
  /** DIAGNOSE502_CONFIG; no file means no access rules and no cross-account roles. */
  configPath?: string;
}

export interface BotSettings {
  logger: Logger;
  config: AccessConfig;
}

/** Logger and access config: all the Lambda ingress needs (it renders nothing). */
export async function loadBotSettings(options: BotSettingsOptions): Promise<BotSettings> {
  const logger = options.logger ?? createLogger(options.logLevel);
  const config = await loadAccessConfig(options.configPath);
  return { logger, config };
}

/** Logger, access config and runbook: what a process that runs diagnoses needs before it starts. */
export async function loadBotSettingsWithRunbook(options: BotSettingsOptions & { runbookPath?: string }): Promise<BotSettings & { runbook: Runbook }> {
  // One after the other, so a broken config is the error reported even when the runbook is broken too.
  const settings = await loadBotSettings(options);
  return { ...settings, runbook: await loadRunbook(options.runbookPath) };
}
