/**
 * Runs one job from the work queue. The same function runs in-process behind the Bolt app and,
 * later, in a worker Lambda fed by SQS; it only needs the service.
 */
import type { Logger } from 'pino';
import type { BotJob } from '../../adapters/jobs/bot-job.ts';
import type { AppHomeService } from './app-home-service.ts';
import type { DiagnosisService } from './diagnosis-service.ts';
import type { LabelService } from './label-service.ts';
import type { DiscoveryService } from './discovery-service.ts';

/** Feedback and App Home: labels on verdicts and the Home tab (issue 12). */
export interface FeedbackServices {
  labels: LabelService;
  home: AppHomeService;
}

export function createJobHandler(service: DiagnosisService, logger: Logger, feedback?: FeedbackServices, discovery?: DiscoveryService) {
  return async function handleBotJob(job: BotJob): Promise<void> {
    switch (job.kind) {
      case 'start': {
        const outcome = await service.start(job.request);
        logger.info({ job: job.kind, outcome: outcome.status, ...('diagnosisId' in outcome ? { diagnosisId: outcome.diagnosisId } : {}) }, 'start job done');
        return;
      }
      case 'resolve-start':
      case 'scan': {
        if (!discovery) throw new Error(`a ${job.kind} job arrived, but this worker has no AWS discovery wired`);
        if (job.kind === 'scan') await discovery.scan(job.request);
        else await discovery.resolveAndStart(job);
        return;
      }
      case 'event': {
        const outcome = await service.applyEvent(job.diagnosisId, job.event, { channel: job.channel });
        if (outcome.status !== 'applied') {
          await service.notifyUser({ channel: job.channel, user: job.user, ...(job.threadTs ? { threadTs: job.threadTs } : {}) }, outcome.note);
        }
        logger.info({ job: job.kind, event: job.event.type, diagnosisId: job.diagnosisId, outcome: outcome.status }, 'button job done');
        return;
      }
      case 'summary': {
        const outcome = await service.postSummary(job.diagnosisId, { channel: job.channel });
        if (outcome.status !== 'applied')
          await service.notifyUser({ channel: job.channel, user: job.by, ...(job.threadTs ? { threadTs: job.threadTs } : {}) }, outcome.note);
        return;
      }
      case 'resume':
        await service.resume(job.diagnosisId);
        return;
      case 'feedback':
      case 'true-cause':
      case 'label-note':
      case 'home': {
        if (!feedback) {
          logger.warn({ job: job.kind }, 'a feedback job, but this process was started without the feedback services');
          return;
        }
        if (job.kind === 'home') return feedback.home.publish(job.user);
        const who = { user: job.user, channel: job.channel, ...(job.threadTs ? { threadTs: job.threadTs } : {}) };
        const outcome =
          job.kind === 'feedback'
            ? await feedback.labels.feedback(job.diagnosisId, job.feedback, who)
            : job.kind === 'true-cause'
              ? await feedback.labels.trueCause(job.diagnosisId, job.cause, job.note, who)
              : await feedback.labels.note(job.diagnosisId, job.note, who);
        logger.info({ job: job.kind, diagnosisId: job.diagnosisId, outcome: outcome.status }, 'feedback job done');
        return;
      }
      case 'followup': {
        const { question } = job;
        const outcome = await service.answerQuestion(question);
        logger.info({ job: job.kind, outcome: outcome.status, ...outcome }, 'thread question done');
        // A re-run ("since 3h") continues as the event a "Re-check now" press would have queued.
        if (outcome.status === 'answered' && outcome.rerun) {
          await handleBotJob({
            kind: 'event',
            diagnosisId: outcome.diagnosisId,
            event: outcome.rerun,
            channel: question.channel,
            user: question.user,
            threadTs: question.threadTs,
          });
        }
        return;
      }
    }
  };
}
