/**
 * Publishes the bot's Home tab for one person (views.publish) from the store: open diagnoses,
 * the latest verdicts, accuracy per cause from the labels, and what the bot understands.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { createActor, type Snapshot } from 'xstate';
import type { DiagnosisSnapshot } from '../../../machines/is-settled.ts';
import { summarizeAccuracy } from '../../core/feedback/summarize-accuracy.ts';
import type { DiagnosisPhase } from '../../core/view/diagnosis-view.ts';
import { renderAppHome, type HomeDiagnosis } from '../../adapters/slack/index.ts';
import type { DiagnosisRecord, StateStore } from '../../adapters/store/state-store.ts';
import { phaseOf } from './build-diagnosis-view.ts';
import type { DiagnosisLogic } from './diagnosis-service.ts';
import type { PermalinkCache } from './permalink-cache.ts';
import { storedContext } from './stored-diagnosis.ts';

export interface AppHomeServiceDeps {
  store: StateStore;
  slack: WebClient;
  logic: DiagnosisLogic;
  permalinks: PermalinkCache;
  logger: Logger;
  /** What the bot understands, one mrkdwn line each. */
  commands: readonly string[];
  now?: () => Date;
  /** How many of the latest diagnoses accuracy is computed over. */
  lookBack?: number;
}

const DEFAULT_LOOK_BACK = 500;
const RECENT_SHOWN = 20;

/** The commands and controls the bot answers to, as App Home lists them (mrkdwn, so `<` is escaped). */
export const BOT_COMMANDS: readonly string[] = [
  '`/diagnose-502 &lt;api-id&gt; &lt;stage&gt; [region]` in a channel I am in: diagnose API Gateway 5xx, with the evidence in a thread',
  'In a diagnosis thread, mention me with a question: _why not timeout?_, _what changed?_, _which routes fail?_, _show the logs_, _what next?_, or _since 3h_ to re-run with a longer window',
  'Under a verdict: *Re-check now*, *Verify fix* (5xx back to baseline?), *Summary* (postmortem Markdown), *Not this, next hypothesis*',
  '👍 / 👎 under a verdict: say whether the cause was right; 👎 asks for the real cause, which counts in the accuracy below',
  'PagerDuty incidents for a configured service open a diagnosis thread by themselves',
];

export class AppHomeService {
  constructor(private readonly deps: AppHomeServiceDeps) {}

  async publish(user: string): Promise<void> {
    const [open, recent] = await Promise.all([this.deps.store.listOpen(), this.deps.store.listRecent(this.deps.lookBack ?? DEFAULT_LOOK_BACK)]);
    const judged = recent.flatMap((r) => {
      const verdict = storedContext(r)?.verdict;
      return verdict ? [{ cause: verdict.cause, ...(r.labels ? { labels: r.labels } : {}) }] : [];
    });
    const withVerdict = recent.filter((r) => storedContext(r)?.verdict).slice(0, RECENT_SHOWN);
    const view = renderAppHome({
      now: (this.deps.now ?? (() => new Date()))(),
      open: await Promise.all([...open].reverse().map((r) => this.homeDiagnosis(r))),
      recent: await Promise.all(withVerdict.map((r) => this.homeDiagnosis(r))),
      accuracy: summarizeAccuracy(judged),
      commands: this.deps.commands,
    });
    await this.deps.slack.views.publish({ user_id: user, view });
  }

  private async homeDiagnosis(record: DiagnosisRecord): Promise<HomeDiagnosis> {
    const context = storedContext(record);
    const verdict = context?.verdict;
    const permalink = await this.deps.permalinks.of(record.channel, record.parentTs);
    return {
      diagnosisId: record.id,
      api: context?.api?.name || record.ref.apiId,
      stage: record.ref.stage,
      region: record.ref.region,
      phase: this.phase(record),
      ...(verdict ? { cause: verdict.cause, confidence: verdict.confidence } : {}),
      requestedAt: record.requestedAt,
      ...(permalink ? { permalink } : {}),
      ...(record.labels ? { labels: record.labels } : {}),
    };
  }

  /** The machine's phase, read from the snapshot without running anything. */
  private phase(record: DiagnosisRecord): DiagnosisPhase {
    try {
      const snapshot = createActor(this.deps.logic, {
        snapshot: record.snapshot as Snapshot<unknown>,
        input: { ref: record.ref, sinceMinutes: 60 },
      }).getSnapshot();
      return phaseOf(snapshot as DiagnosisSnapshot);
    } catch (error) {
      this.deps.logger.warn({ err: error, diagnosisId: record.id }, 'could not read the phase of a stored diagnosis');
      return storedContext(record)?.verdict ? 'verdict' : 'collecting';
    }
  }
}
