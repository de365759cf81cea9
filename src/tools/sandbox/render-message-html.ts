/**
 * One stored Slack message as the page shows it: its blocks (or its text when it has none, or the
 * plan and tasks of a streamed message, live while the stream is open) and its files, images inline and text files as a card with a preview. The page adds the author,
 * time and thread chrome around this HTML.
 */
import type { StoredFile, StoredMessage, StreamState, StreamTask } from '../slack-web-api/local-slack-state.ts';
import { escapeHtml } from './escape-html.ts';
import { renderBlocksHtml, type RenderOptions } from './render-blocks-html.ts';
import { renderMarkdownHtml } from './render-markdown-html.ts';
import { renderMrkdwnHtml } from './render-mrkdwn-html.ts';

/** How much of a text file the card previews. */
const PREVIEW_CHARS = 6_000;

export interface MessageView {
  channel: string;
  ts: string;
  threadTs?: string;
  user: string;
  /** Set when only this user sees it. */
  ephemeralFor?: string;
  postedAt: string;
  /** How it got there: chat.postMessage, chat.postEphemeral, a file upload or a response_url. */
  via: StoredMessage['via'];
  /** How many times chat.update changed it. */
  edits: number;
  /** Plain text, for notifications and tests. */
  text: string;
  html: string;
}

export interface MessageRenderOptions extends RenderOptions {
  /** Where the page can fetch an uploaded file's bytes. */
  fileUrl: (file: StoredFile) => string;
}

export function toMessageView(message: StoredMessage, options: MessageRenderOptions): MessageView {
  return {
    channel: message.channel,
    ts: message.ts,
    ...(message.threadTs ? { threadTs: message.threadTs } : {}),
    user: message.user,
    ...(message.ephemeralFor ? { ephemeralFor: message.ephemeralFor } : {}),
    postedAt: message.postedAt,
    via: message.via,
    edits: message.edits.length,
    text: message.text,
    html: renderMessageHtml(message, options),
  };
}

export function renderMessageHtml(message: Pick<StoredMessage, 'text' | 'blocks' | 'files' | 'stream'>, options: MessageRenderOptions): string {
  // With blocks, Slack shows the blocks and keeps `text` for notifications; without, the text.
  const body = message.stream
    ? renderStreamHtml(message.stream)
    : message.blocks && message.blocks.length > 0
      ? renderBlocksHtml(message.blocks, options)
      : message.text
        ? `<div class="msg-text">${renderMrkdwnHtml(message.text, options)}</div>`
        : '';
  const files = message.files.map((file) => renderFile(file, options)).join('');
  return `${body}${files ? `<div class="msg-files">${files}</div>` : ''}`;
}

const TASK_ICONS: Record<StreamTask['status'], string> = { pending: '○', in_progress: '◌', complete: '✓', error: '✕' };
const TASK_WORDS: Record<StreamTask['status'], string> = { pending: 'pending', in_progress: 'in progress', complete: 'done', error: 'failed' };

/**
 * A streamed message as Slack draws it: the plan's title, each task with its status and what it
 * found, then any Markdown text; a stream still open says so. Task fields are plain text.
 */
function renderStreamHtml(stream: StreamState): string {
  const tasks = stream.tasks
    .map(
      (t) =>
        `<li class="task task--${escapeHtml(t.status)}" data-task-id="${escapeHtml(t.id)}" data-status="${escapeHtml(t.status)}">` +
        `<span class="task-icon" title="${escapeHtml(TASK_WORDS[t.status] ?? t.status)}">${escapeHtml(TASK_ICONS[t.status] ?? '?')}</span>` +
        `<span class="task-title">${escapeHtml(t.title)}</span>` +
        (t.output
          ? `<span class="task-output">${escapeHtml(t.output)}</span>`
          : `<span class="task-status">${escapeHtml(TASK_WORDS[t.status] ?? t.status)}</span>`) +
        (t.details ? `<div class="task-details">${escapeHtml(t.details)}</div>` : '') +
        '</li>',
    )
    .join('');
  const title = stream.planTitle ? `<div class="stream-title">${escapeHtml(stream.planTitle)}</div>` : '';
  const markdown = stream.markdown ? `<div class="bk-markdown">${renderMarkdownHtml(stream.markdown)}</div>` : '';
  const live = stream.state === 'streaming' ? '<div class="stream-live">Streaming…</div>' : '';
  return `<div class="stream stream--${escapeHtml(stream.state)}" data-stream-state="${escapeHtml(stream.state)}">${title}${tasks ? `<ol class="stream-tasks">${tasks}</ol>` : ''}${markdown}${live}</div>`;
}

function renderFile(file: StoredFile, options: MessageRenderOptions): string {
  const url = escapeHtml(options.fileUrl(file));
  const title = escapeHtml(file.title ?? file.name);
  const name = escapeHtml(file.name);
  const size = formatSize(file.bytes?.length ?? file.length);
  if (isImage(file.name)) {
    return (
      `<figure class="file file--image" data-file-id="${escapeHtml(file.id)}">` +
      `<figcaption class="file-title">${title}</figcaption>` +
      `<a href="${url}" target="_blank" rel="noopener"><img class="file-img" src="${url}" alt="${title}"></a></figure>`
    );
  }
  const preview = file.bytes ? file.bytes.toString('utf8').slice(0, PREVIEW_CHARS) : '';
  const cut = file.bytes && file.bytes.length > PREVIEW_CHARS ? '\n…' : '';
  return (
    `<div class="file file--text" data-file-id="${escapeHtml(file.id)}">` +
    `<div class="file-head"><span class="file-icon">${fileIcon(file.name)}</span>` +
    `<span class="file-meta"><a class="file-title" href="${url}" target="_blank" rel="noopener">${title}</a>` +
    `<span class="file-sub">${name} · ${size}</span></span></div>` +
    (preview ? `<details class="file-preview"><summary>Preview</summary><pre>${escapeHtml(preview)}${cut}</pre></details>` : '') +
    '</div>'
  );
}

function isImage(name: string): boolean {
  return /\.(png|jpe?g|gif|webp)$/i.test(name);
}

function fileIcon(name: string): string {
  if (/\.md$/i.test(name)) return 'MD';
  if (/\.txt$/i.test(name)) return 'TXT';
  return 'FILE';
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
