/**
 * Runs one job from the work queue. The same function runs in-process behind the Bolt app and,
 * later, in a worker Lambda fed by SQS; it only needs the service.
 */
import type { Logger } from 'pino';
import type { BotJob } from '../../adapters/jobs/bot-job.ts';
import type { DiagnosisService } from './diagnosis-service.ts';

export function createJobHandler(service: DiagnosisService, logger: Logger) {
  return async function handleBotJob(job: BotJob): Promise<void> {
    switch (job.kind) {
      case 'start': {
        const outcome = await service.start(job.request);
        logger.info({ job: job.kind, outcome: outcome.status, ...('diagnosisId' in outcome ? { diagnosisId: outcome.diagnosisId } : {}) }, 'start job done');
        return;
      }
      case 'event': {
        const outcome = await service.applyEvent(job.diagnosisId, job.event);
        if (outcome.status !== 'applied') {
          await service.notifyUser({ channel: job.channel, user: job.user, ...(job.threadTs ? { threadTs: job.threadTs } : {}) }, outcome.note);
        }
        logger.info({ job: job.kind, event: job.event.type, diagnosisId: job.diagnosisId, outcome: outcome.status }, 'button job done');
        return;
      }
      case 'summary': {
        const outcome = await service.postSummary(job.diagnosisId);
        if (outcome.status !== 'applied')
          await service.notifyUser({ channel: job.channel, user: job.by, ...(job.threadTs ? { threadTs: job.threadTs } : {}) }, outcome.note);
        return;
      }
      case 'resume':
        await service.resume(job.diagnosisId);
        return;
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
