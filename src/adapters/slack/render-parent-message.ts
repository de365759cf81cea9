/**
 * The channel message a diagnosis thread hangs off: which API, who asked, and one status line
 * that is updated in place as the diagnosis moves (collecting, suspected cause, verified fixed,
 * failed), plus the PagerDuty incidents or CloudWatch alarms it belongs to.
 */
import type { DiagnosisView, SlackMessage } from '../../core/view/diagnosis-view.ts';
import { context, section, type KnownBlock } from './block-kit.ts';
import { escapeMrkdwn, inlineCode } from './escape-mrkdwn.ts';
import { andMore, Fitter, fitBlocks } from './fit-blocks.ts';
import { pct } from '../../core/view/format-values.ts';
import { mention, slackDate } from './slack-format.ts';

const MAX_INCIDENTS = 10;

/**
 * Renders the parent message; post it once and `chat.update` it with each new view.
 *
 * @example
 * await client.chat.update({ channel, ts, ...renderParentMessage(view) });
 */
export function renderParentMessage(view: DiagnosisView): SlackMessage {
  const fitter = new Fitter();
  const api = view.report?.api;
  const name = api ? `*${escapeMrkdwn(api.name)}* (${inlineCode(api.id)})` : inlineCode(view.ref.apiId);
  const kind = api ? ` · ${api.type === 'rest' ? 'REST' : 'HTTP'} API` : '';
  const status = statusLine(view);
  const blocks: KnownBlock[] = [
    section(
      `${phaseIcon(view)} *5xx diagnosis* for ${name}${kind} · stage ${inlineCode(view.ref.stage)} · ${inlineCode(view.ref.region)}${view.ref.route ? ` · route ${inlineCode(view.ref.route)}` : ''}\n` +
        `Asked by ${mention(view.requestedBy)} ${slackDate(view.requestedAt)}`,
    ),
    section(`*Status:* ${escapeMrkdwn(status)}`),
  ];
  if (view.report && (view.phase === 'verdict' || view.phase === 'verifying')) {
    blocks.push(context(escapeMrkdwn(fitter.text(view.report.verdict.summary, 600))));
  }
  const verification = view.report?.verification;
  if (view.phase === 'resolved' && verification) {
    blocks.push(context(`${escapeMrkdwn(fitter.text(verification.summary, 600))} · checked ${slackDate(verification.at)}`));
  }
  if (view.incidents && view.incidents.length > 0) {
    const { shown, hidden } = fitter.list(view.incidents, MAX_INCIDENTS);
    const lines = shown.map((incident) => {
      const label = escapeMrkdwn(`${incident.number !== undefined ? `#${incident.number} ` : ''}${fitter.text(incident.title, 150)}`).replace(/\|/g, '¦');
      // A link's label cannot hold ">" or "|"; escaping and the swap above keep it intact.
      const linked = incident.url ? `<${incident.url.replace(/[<>|\s]/g, '')}|${label}>` : label;
      return `• ${linked}${incident.status ? ` · ${escapeMrkdwn(incident.status)}` : ''}`;
    });
    const alarms = view.incidents.every((i) => i.source === 'cloudwatch');
    if (hidden > 0) lines.push(`_${andMore(hidden, alarms ? 'alarms' : 'incidents')}_`);
    // Every alarm back to OK is the recovery people wait for; it heads the list so it is seen.
    const recovered = alarms && view.incidents.every((i) => i.resolved) ? ' · :white_check_mark: all back to OK (recovered)' : '';
    blocks.push(section(`*${alarms ? 'CloudWatch alarms' : 'PagerDuty'}*${recovered}\n${lines.join('\n')}`));
  }
  blocks.push(context(`diagnose-502 · ${escapeMrkdwn(view.diagnosisId)} · details in the thread`));
  const apiName = api?.name ?? view.ref.apiId;
  return {
    // The notification text is read as mrkdwn too: AWS names and error messages are escaped here as well.
    text: escapeMrkdwn(`5xx diagnosis for ${apiName} ${view.ref.stage} (${view.ref.region}): ${status}`),
    blocks: fitBlocks(blocks),
  };
}

/** The one line that says where the diagnosis stands. */
export function statusLine(view: DiagnosisView): string {
  switch (view.phase) {
    case 'collecting':
      return view.report ? 'Re-checking: collecting evidence…' : 'Collecting evidence…';
    case 'verdict':
      return suspected(view);
    case 'verifying':
      return `${suspected(view)} · verifying the fix…`;
    case 'resolved':
      return 'Verified fixed';
    case 'failed':
      return view.error?.message ?? 'The diagnosis failed.';
  }
}

function suspected(view: DiagnosisView): string {
  const verdict = view.report?.verdict;
  if (!verdict) return 'Collecting evidence…';
  // Inconclusive carries no confidence (it is 0 by construction), so none is shown.
  const confidence = verdict.confidence > 0 ? ` (${pct(verdict.confidence)})` : '';
  return `Suspected cause: ${verdict.cause}${confidence}`;
}

function phaseIcon(view: DiagnosisView): string {
  switch (view.phase) {
    case 'collecting':
      return '⏳';
    case 'verdict':
    case 'verifying':
      return view.report?.verdict.cause === 'none' ? '🟢' : view.report?.verdict.cause === 'inconclusive' ? '🟡' : '🔴';
    case 'resolved':
      return '✅';
    case 'failed':
      return '⚠️';
  }
}
