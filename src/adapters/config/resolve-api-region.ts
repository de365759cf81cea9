import type { AccessConfig } from './access-config-schema.ts';

/**
 * The region to diagnose an API in: the one typed in the command, else the one the config maps
 * the API to, else the bot's default. An explicit region always wins so people can override a
 * stale mapping without editing the file.
 */
export function resolveApiRegion(config: AccessConfig, apiId: string, typed: string | undefined, defaultRegion: string): string {
  return typed ?? config.apis?.[apiId]?.region ?? defaultRegion;
}
