/**
 * Turns judgements into labels on the stored diagnosis: 👍 confirms the named cause, 👎 asks the
 * presser for the real one (a menu and an optional note, only they see it), a chosen cause
 * corrects it, and a fix verified against the metrics confirms it. Each label is written with
 * compare-and-set and the verdict message is redrawn to show it.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { createActor, type Snapshot } from 'xstate';
import type { DiagnosisSnapshot } from '../../../machines/is-settled.ts';
import { withLabel, type DiagnosisLabel, type LabelCause } from '../../core/feedback/diagnosis-label.ts';
import type { Runbook } from '../../core/runbook/runbook-schema.ts';
import { renderTrueCauseQuestion, renderVerdictMessage } from '../../adapters/slack/index.ts';
import type { DiagnosisRecord, StateStore } from '../../adapters/store/state-store.ts';
import { buildDiagnosisView } from './build-diagnosis-view.ts';
import { slackErrorCode } from './slack-thread-sync.ts';
import type { DiagnosisLogic } from './diagnosis-service.ts';
import { storedContext } from './stored-diagnosis.ts';

export interface LabelServiceDeps {
  store: StateStore;
  slack: WebClient;
  logic: DiagnosisLogic;
  runbook: Runbook;
  logger: Logger;
  now?: () => Date;
}

export interface Presser {
  user: string;
  channel: string;
  threadTs?: string;
}

type Labelled = { status: 'labelled'; label: DiagnosisLabel } | { status: 'refused'; note: string };
export type LabelOutcome = Labelled | { status: 'asked' };

const MAX_ATTEMPTS = 5;

export class LabelService {
  private readonly now: () => Date;

  constructor(private readonly deps: LabelServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** 👍 stores a confirming label; 👎 asks the presser for the real cause. */
  async feedback(diagnosisId: string, feedback: 'up' | 'down', who: Presser): Promise<LabelOutcome> {
    if (feedback === 'up') {
      const outcome = await this.addLabel(diagnosisId, who.user, (verdict) => ({ trueCause: verdict.cause, source: 'confirmed' }));
      await this.tell(who, outcome.status === 'labelled' ? `Thanks: recorded \`${outcome.label.predictedCause}\` as the right cause.` : outcome.note);
      return outcome;
    }
    const record = await this.deps.store.get(diagnosisId);
    const verdict = record ? storedContext(record)?.verdict : undefined;
    if (!record || !verdict) {
      const note = record ? 'There is no verdict to judge yet.' : 'This diagnosis is no longer stored.';
      await this.tell(who, note);
      return { status: 'refused', note };
    }
    const question = renderTrueCauseQuestion({ diagnosisId, predicted: verdict.cause });
    await this.deps.slack.chat.postEphemeral({
      channel: who.channel,
      user: who.user,
      text: question.text,
      blocks: question.blocks as never,
      ...(who.threadTs ? { thread_ts: who.threadTs } : {}),
    });
    return { status: 'asked' };
  }

  /** The real cause picked after a 👎 (with the note typed so far, if any). */
  async trueCause(diagnosisId: string, cause: LabelCause, note: string | undefined, who: Presser): Promise<LabelOutcome> {
    const outcome = await this.addLabel(diagnosisId, who.user, () => ({ trueCause: cause, source: 'corrected', ...(note ? { note } : {}) }));
    await this.tell(
      who,
      outcome.status === 'labelled'
        ? `Thanks: recorded \`${cause}\` as the real cause${outcome.label.predictedCause === cause ? '' : ` (I said \`${outcome.label.predictedCause}\`)`}. It counts in the accuracy on my Home tab.`
        : outcome.note,
    );
    return outcome;
  }

  /** A note typed after a 👎: joins the presser's own label, which must exist first. */
  async note(diagnosisId: string, note: string, who: Presser): Promise<LabelOutcome> {
    const record = await this.deps.store.get(diagnosisId);
    const own = record?.labels?.filter((l) => l.by === who.user && l.source !== 'verified-fix').at(-1);
    if (!own) {
      const text = 'Pick the real cause in the menu first; the note is saved with it.';
      await this.tell(who, text);
      return { status: 'refused', note: text };
    }
    const outcome = await this.addLabel(diagnosisId, who.user, () => ({ trueCause: own.trueCause, source: own.source, note }));
    await this.tell(who, outcome.status === 'labelled' ? 'Thanks: the note is saved with your answer.' : outcome.note);
    return outcome;
  }

  /**
   * After a run: a fix verified against the metrics becomes a label once. Returns the record as
   * stored afterwards.
   */
  async labelVerifiedFix(record: DiagnosisRecord): Promise<DiagnosisRecord> {
    const verification = storedContext(record)?.verification;
    if (!verification?.verified || record.labels?.some((l) => l.source === 'verified-fix')) return record;
    const outcome = await this.addLabel(
      record.id,
      verification.by ?? 'verification',
      (verdict) => ({ trueCause: verdict.cause, source: 'verified-fix' }),
      verification.at,
    );
    if (outcome.status !== 'labelled') return record;
    return (await this.deps.store.get(record.id)) ?? record;
  }

  private async addLabel(
    diagnosisId: string,
    by: string,
    judge: (verdict: { cause: DiagnosisLabel['predictedCause'] }) => Pick<DiagnosisLabel, 'trueCause' | 'source'> & { note?: string },
    at = this.now().toISOString(),
  ): Promise<Labelled> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const record = await this.deps.store.get(diagnosisId);
      if (!record) return { status: 'refused', note: 'This diagnosis is no longer stored; run `/diagnose-502` again.' };
      const verdict = storedContext(record)?.verdict;
      if (!verdict) return { status: 'refused', note: 'There is no verdict to judge yet; wait for it in the thread.' };
      const label: DiagnosisLabel = { predictedCause: verdict.cause, confidence: verdict.confidence, by, at, ...judge(verdict) };
      const result = await this.deps.store.update(diagnosisId, record.version, { labels: withLabel(record.labels ?? [], label) });
      if (!result.ok) continue;
      await this.redrawVerdict(result.record);
      return { status: 'labelled', label };
    }
    return { status: 'refused', note: 'The diagnosis kept changing while I saved your answer; press the button again.' };
  }

  /** The verdict message shows who judged it; a failure here costs the display, never the label. */
  private async redrawVerdict(record: DiagnosisRecord): Promise<void> {
    const ts = record.messages['verdict'];
    if (!ts) return;
    try {
      const snapshot = createActor(this.deps.logic, {
        snapshot: record.snapshot as Snapshot<unknown>,
        input: { ref: record.ref, sinceMinutes: 60 },
      }).getSnapshot() as DiagnosisSnapshot;
      const message = renderVerdictMessage(buildDiagnosisView(record, snapshot, this.deps.runbook));
      const update = (blocks: unknown[]) => this.deps.slack.chat.update({ channel: record.channel, ts, text: message.text, blocks: blocks as never });
      await update(message.blocks).catch(async (error: unknown) => {
        // A Slack without markdown blocks: the verdict was posted in sections, and is redrawn so.
        if (!message.fallbackBlocks || slackErrorCode(error) !== 'invalid_blocks') throw error;
        await update(message.fallbackBlocks);
      });
    } catch (error) {
      this.deps.logger.warn({ err: error, diagnosisId: record.id }, 'could not redraw the verdict with its labels');
    }
  }

  private async tell(who: Presser, text: string): Promise<void> {
    await this.deps.slack.chat
      .postEphemeral({ channel: who.channel, user: who.user, text, ...(who.threadTs ? { thread_ts: who.threadTs } : {}) })
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not post an ephemeral note'));
  }
}
