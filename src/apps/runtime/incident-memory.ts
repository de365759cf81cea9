/**
 * The memory of past incidents: when a diagnosis reaches its verdict, earlier diagnoses in this
 * workspace's store that share its API, cause or decisive resource are ranked (a pure function in
 * core) and posted once in the thread, each linked to its own thread with chat.getPermalink.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { rankSimilarIncidents, type PastIncident } from '../../core/memory/rank-similar-incidents.ts';
import { renderSimilarIncidentsMessage, type SimilarIncidentLink } from '../../adapters/slack/index.ts';
import type { DiagnosisRecord, StateStore } from '../../adapters/store/state-store.ts';
import type { PermalinkCache } from './permalink-cache.ts';
import { pastIncidentOf, traitsOf } from './stored-diagnosis.ts';

export interface IncidentMemoryDeps {
  store: StateStore;
  slack: WebClient;
  permalinks: PermalinkCache;
  logger: Logger;
  /** How many of the latest diagnoses are compared; bounded so a busy workspace stays cheap. */
  lookBack?: number;
}

/** Message key of the "seen before" note; "none" when there was nothing to say. */
export const SIMILAR_MESSAGE_KEY = 'similar';
const DEFAULT_LOOK_BACK = 200;
const MAX_ATTEMPTS = 5;

export class IncidentMemory {
  constructor(private readonly deps: IncidentMemoryDeps) {}

  /** Earlier incidents like this one, best first, with links to their threads. */
  async similarTo(record: DiagnosisRecord): Promise<SimilarIncidentLink[]> {
    const traits = traitsOf(record);
    if (!traits) return [];
    const recent = await this.deps.store.listRecent(this.deps.lookBack ?? DEFAULT_LOOK_BACK);
    const byId = new Map(recent.map((r) => [r.id, r]));
    // Only diagnoses asked for before this one: a later incident is not "seen before".
    const past = recent
      .filter((r) => r.id !== record.id && r.requestedAt < record.requestedAt)
      .map(pastIncidentOf)
      .filter((p): p is PastIncident => p !== null);
    const ranked = rankSimilarIncidents({ diagnosisId: record.id, ...traits }, past);
    return Promise.all(
      ranked.map(async (similar) => {
        const earlier = byId.get(similar.past.diagnosisId);
        const permalink = earlier ? await this.deps.permalinks.of(earlier.channel, earlier.parentTs) : undefined;
        return { similar, ...(permalink ? { permalink } : {}), ...(earlier ? { stage: earlier.ref.stage } : {}) };
      }),
    );
  }

  /** Posts the "seen before" note in the thread once, after the first verdict; returns the record as stored. */
  async postOnce(record: DiagnosisRecord): Promise<DiagnosisRecord> {
    if (record.messages[SIMILAR_MESSAGE_KEY] || !record.threadTs || !traitsOf(record)) return record;
    const message = renderSimilarIncidentsMessage(await this.similarTo(record));
    let ts = 'none';
    if (message) {
      const res = await this.deps.slack.chat.postMessage({
        channel: record.channel,
        thread_ts: record.threadTs,
        text: message.text,
        blocks: message.blocks as never,
      });
      ts = res.ts ?? 'posted';
    }
    // Recorded so a later run (re-check, verification) does not post it again.
    let current = record;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const result = await this.deps.store.update(current.id, current.version, { messages: { [SIMILAR_MESSAGE_KEY]: ts } });
      if (result.ok) return result.record;
      const fresh = await this.deps.store.get(current.id);
      if (!fresh) return current;
      current = fresh;
    }
    this.deps.logger.warn({ diagnosisId: record.id }, 'could not record that similar incidents were posted');
    return current;
  }
}
