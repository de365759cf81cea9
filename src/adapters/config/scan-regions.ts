import type { AccessConfig } from './access-config-schema.ts';

/** One place a scan reads: a region, under the bot's own credentials or another account's role. */
export interface ScanPlace {
  region: string;
  /** 12-digit account id from `accounts`; absent = the bot's own account. */
  account?: string;
}

/**
 * Every (account, region) a scan covers: the bot's own account in the default region, the
 * regions under `scan.regions` and every region an API is mapped to; other accounts in the
 * regions their APIs are mapped to, plus `scan.regions`. `only` narrows to one region.
 *
 * @example scanPlaces({ apis: { a1b2c3d4e5: { region: 'eu-west-1' } } }, 'us-east-1') // own us-east-1, own eu-west-1
 */
export function scanPlaces(config: AccessConfig, defaultRegion: string, only?: string): ScanPlace[] {
  const extra = config.scan?.regions ?? [];
  const own = new Set<string>([defaultRegion, ...extra]);
  const byAccount = new Map<string, Set<string>>();
  for (const entry of Object.values(config.apis ?? {})) {
    if (entry.account === undefined) own.add(entry.region);
    else byAccount.set(entry.account, new Set([...(byAccount.get(entry.account) ?? extra), entry.region]));
  }
  const places: ScanPlace[] = [...own].sort().map((region) => ({ region }));
  for (const [account, regions] of [...byAccount.entries()].sort()) for (const region of [...regions].sort()) places.push({ region, account });
  return only ? places.filter((p) => p.region === only).concat(places.some((p) => p.region === only) ? [] : [{ region: only }]) : places;
}
