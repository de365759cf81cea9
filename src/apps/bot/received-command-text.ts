/**
 * The acknowledgement of a diagnose command, shown at once to the person who typed it. In HTTP
 * mode Slack gets its answer before the request is stored or queued, so a crash in between would
 * otherwise leave nothing on screen; this line says the command arrived and what to do if nothing
 * follows. It comes before the access check, so it promises nothing: a refused person reads why
 * next. Only the parsed target is shown (escaped), never the raw text.
 *
 * @example
 * receivedCommandText({ kind: 'id', apiId: 'k7x2m9q4ta', stage: 'prod' });
 * // 'Received `k7x2m9q4ta` `prod`. A diagnosis thread follows in this channel, or a note saying why not; if neither comes within a minute, run the command again.'
 */
import type { ApiTarget } from '../../core/api/parse-api-target.ts';
import { inlineCode } from '../../adapters/slack/escape-mrkdwn.ts';

export function receivedCommandText(target: ApiTarget): string {
  const what =
    target.kind === 'domain-url'
      ? inlineCode(`${target.hostname}${target.path}`)
      : `${inlineCode(target.kind === 'name' ? target.name : target.apiId)} ${inlineCode(target.stage)}`;
  return `Received ${what}. A diagnosis thread follows in this channel, or a note saying why not; if neither comes within a minute, run the command again.`;
}
