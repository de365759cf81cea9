/**
 * Which channel an alarm's thread opens in, and whether the alarm is one the bot takes at all
 * (`alarms.namePrefix`). An exact alarm name wins over a prefix, and the longest prefix over a
 * shorter one, so a narrow override is never shadowed by a broad one listed first.
 */
import type { AlarmsConfig } from './access-config-schema.ts';

/** The channel for `alarmName`, or null when the configuration does not take this alarm. */
export function alarmChannel(alarms: AlarmsConfig | undefined, alarmName: string): string | null {
  if (!alarms) return null;
  if (alarms.namePrefix && !alarmName.startsWith(alarms.namePrefix)) return null;
  const overrides = alarms.overrides ?? [];
  const exact = overrides.find((o) => o.alarm === alarmName);
  if (exact) return exact.channel;
  let best: { length: number; channel: string } | undefined;
  for (const o of overrides) {
    if (o.prefix && alarmName.startsWith(o.prefix) && o.prefix.length > (best?.length ?? -1)) best = { length: o.prefix.length, channel: o.channel };
  }
  return best?.channel ?? alarms.channel;
}
