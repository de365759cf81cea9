/**
 * Alert storms: the first incident for an API opens a storm group and leads its diagnosis; every
 * other incident for the same API (account, region, API id, stage) within the storm window joins
 * that group, and so that diagnosis's thread, instead of starting its own. Both records live in
 * the PagerDutyStore with compare-and-set, so two processes, or a restart, agree on the leader.
 */
import { randomUUID } from 'node:crypto';
import type { ApiRef } from '../../core/api/api-ref.ts';
import { mutate, type PagerDutyStore } from '../../adapters/pagerduty/pagerduty-store.ts';

/** Which group is currently open for an API. */
export interface StormPointer {
  groupId: string;
  openedAt: string;
  requestedAt: string;
  /** Set when the group's diagnosis could not start: the next incident opens a new group. */
  closed?: boolean;
}

export interface StormGroup {
  groupId: string;
  apiKey: string;
  ref: ApiRef;
  channel: string;
  /** Also the diagnosis' `requestedAt`, which is how its record is found before its id is known. */
  requestedAt: string;
  openedAt: string;
  /** In the order they joined. */
  incidentIds: string[];
  diagnosisId?: string;
}

export interface JoinStormInput {
  /** `<account>:<region>:<apiId>:<stage>`; see stormApiKey. */
  apiKey: string;
  ref: ApiRef;
  channel: string;
  incidentId: string;
  now: Date;
  windowMs: number;
}

export function stormApiKey(ref: ApiRef, account: string | undefined): string {
  return `${account ?? 'own'}:${ref.region}:${ref.apiId}:${ref.stage}`;
}

export function groupKey(groupId: string): string {
  return `group:${groupId}`;
}

/**
 * Puts the incident in the API's open storm group, opening one if there is none within the
 * window. `leader` is true for exactly one incident per group: it starts the diagnosis.
 *
 * @example
 * const { leader, group } = await joinStormGroup(store, { apiKey, ref, channel, incidentId: 'PINC1', now, windowMs: 600_000 });
 */
export async function joinStormGroup(store: PagerDutyStore, input: JoinStormInput): Promise<{ leader: boolean; group: StormGroup }> {
  const mine: StormPointer = {
    groupId: randomUUID(),
    openedAt: input.now.toISOString(),
    requestedAt: input.now.toISOString(),
  };
  const pointer = (await mutate<StormPointer>(store, `storm:${input.apiKey}`, (current) => {
    const open = current && !current.closed && input.now.getTime() - Date.parse(current.openedAt) < input.windowMs;
    return open ? undefined : mine;
  }))!;
  const leader = pointer.groupId === mine.groupId;
  // A member can get here before the leader has written the group: whoever comes first creates it.
  const group = (await mutate<StormGroup>(store, groupKey(pointer.groupId), (current) => {
    const base: StormGroup = current ?? {
      groupId: pointer.groupId,
      apiKey: input.apiKey,
      ref: input.ref,
      channel: input.channel,
      requestedAt: pointer.requestedAt,
      openedAt: pointer.openedAt,
      incidentIds: [],
    };
    if (base.incidentIds.includes(input.incidentId)) return current ? undefined : base;
    return { ...base, incidentIds: [...base.incidentIds, input.incidentId] };
  }))!;
  return { leader, group };
}

/** Stops new incidents from joining a group whose diagnosis could not start. */
export async function closeStormGroup(store: PagerDutyStore, group: Pick<StormGroup, 'apiKey' | 'groupId'>): Promise<void> {
  await mutate<StormPointer>(store, `storm:${group.apiKey}`, (current) =>
    current && current.groupId === group.groupId && !current.closed ? { ...current, closed: true } : undefined,
  );
}
