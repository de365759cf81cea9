/**
 * "Seen before" in a new diagnosis thread: up to three earlier incidents that share the API, the
 * cause or a decisive resource, each linked to its own thread, with what they share, the cause
 * they really had and how they ended. A past verdict people marked wrong is shown as wrong.
 */
import type { SimilarIncident, SharedTrait } from '../../core/memory/rank-similar-incidents.ts';
import type { DecisiveResourceKind } from '../../core/memory/incident-traits.ts';
import type { SlackMessage } from '../../core/view/diagnosis-view.ts';
import { context, section, type KnownBlock } from './block-kit.ts';
import { escapeMrkdwn, inlineCode } from './escape-mrkdwn.ts';
import { truncateText } from './fit-blocks.ts';

export interface SimilarIncidentLink {
  similar: SimilarIncident;
  /** chat.getPermalink of the earlier thread; the date shows unlinked without it. */
  permalink?: string;
  stage?: string;
}

const RESOURCE_NAMES: Record<DecisiveResourceKind, string> = {
  function: 'function',
  'security-group': 'security group',
  'vpc-link': 'VPC link',
  'load-balancer': 'load balancer',
  'change-principal': 'change made by',
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MAX_NOTE = 160;
const MAX_ID = 80;

/** Null when there is nothing similar: the thread then says nothing about the past. */
export function renderSimilarIncidentsMessage(links: readonly SimilarIncidentLink[]): SlackMessage | null {
  if (links.length === 0) return null;
  const lines = links.map(similarLine);
  const blocks: KnownBlock[] = [
    section(`*Seen before in this workspace*\n${lines.join('\n')}`),
    context('_From earlier diagnoses stored by this bot: same API, cause or resource. Judge this verdict with 👍/👎 so the next one learns from it._'),
  ];
  return { text: `Similar: ${links.map((l) => plainLine(l)).join('; ')}`, blocks };
}

export function similarLine(link: SimilarIncidentLink): string {
  const { similar, permalink } = link;
  const day = dayMonth(similar.past.at);
  const when = permalink ? `<${permalink.replace(/[<>|\s]/g, '')}|${day}>` : day;
  const api = similar.past.traits.apiName ?? similar.past.traits.apiId;
  const where = `${escapeMrkdwn(api)}${link.stage ? ` ${escapeMrkdwn(link.stage)}` : ''}`;
  const shared = similar.shared.filter((s) => s.kind !== 'cause').map(sharedText);
  const cause =
    similar.judged === 'wrong'
      ? `said \`${similar.past.traits.cause}\`, *marked wrong*: really \`${similar.cause}\``
      : `\`${similar.cause}\`${similar.judged === 'right' ? ' (confirmed)' : ''}`;
  return `• ${when} · ${where}${shared.length > 0 ? ` · ${shared.join(', ')}` : ''} · ${cause}${outcome(similar)}`;
}

function sharedText(trait: SharedTrait): string {
  if (trait.kind === 'api') return 'same API';
  if (trait.kind === 'cause') return `same cause ${trait.cause}`;
  const id = trait.resource.kind === 'load-balancer' ? shortArn(trait.resource.id) : trait.resource.id;
  return `same ${RESOURCE_NAMES[trait.resource.kind]} ${inlineCode(truncateText(id, MAX_ID))}`;
}

function outcome(similar: SimilarIncident): string {
  const note = similar.note ? escapeMrkdwn(truncateText(similar.note.replace(/\s+/g, ' '), MAX_NOTE)) : '';
  if (similar.past.fixVerified) return note ? ` · fixed: _${note}_ (verified)` : ' · fix verified';
  return note ? ` · _${note}_` : '';
}

function plainLine(link: SimilarIncidentLink): string {
  const s = link.similar;
  return `${dayMonth(s.past.at)} ${s.past.traits.apiName ?? s.past.traits.apiId}, ${s.cause}${s.judged === 'wrong' ? ' (earlier verdict marked wrong)' : ''}`;
}

/** "12 Nov" (UTC), the way people refer to an earlier incident. */
export function dayMonth(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** The load balancer's name and id from its ARN ("app/inventory/50dc6c495c0c9188"). */
function shortArn(arn: string): string {
  const at = arn.indexOf(':loadbalancer/');
  return at >= 0 ? arn.slice(at + ':loadbalancer/'.length) : arn;
}
