/**
 * What the Slack API stand-in remembers: every message per channel and thread with its edits,
 * ephemeral notes, uploaded files (bytes kept) and replies to response_url. Each change is
 * emitted, so a test can wait for "the verdict is in the thread" and a browser sandbox can mirror
 * the workspace live.
 */
import { EventEmitter } from 'node:events';

export interface StoredFile {
  id: string;
  name: string;
  title?: string;
  /** Declared at files.getUploadURLExternal. */
  length: number;
  bytes?: Buffer;
  channel?: string;
  threadTs?: string;
  sharedAt?: string;
}

export interface MessageEdit {
  at: string;
  text: string;
  blocks?: unknown[];
}

/** One task of a streamed plan, as the last chunk for its id left it. */
export interface StreamTask {
  id: string;
  title: string;
  status: 'pending' | 'in_progress' | 'complete' | 'error';
  details?: string;
  output?: string;
}

/** What a streamed message (chat.startStream) holds: a plan's title and tasks, and markdown text. */
export interface StreamState {
  state: 'streaming' | 'stopped';
  recipientUserId?: string;
  recipientTeamId?: string;
  taskDisplayMode: 'timeline' | 'plan';
  planTitle?: string;
  tasks: StreamTask[];
  markdown: string;
  /** How many append calls it took. */
  appends: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  /** Parent ts for a thread reply; absent for a top-level message. */
  threadTs?: string;
  /** The bot's user id, or the user a response_url belongs to. */
  user: string;
  text: string;
  blocks?: unknown[];
  /** Set when only this user sees it (chat.postEphemeral, ephemeral response_url replies). */
  ephemeralFor?: string;
  /** Earlier versions, oldest first; the fields above are the current one. */
  edits: MessageEdit[];
  files: StoredFile[];
  via: 'chat.postMessage' | 'chat.postEphemeral' | 'files.completeUploadExternal' | 'response_url' | 'chat.startStream';
  /** Set for a streamed message. */
  stream?: StreamState;
  postedAt: string;
  /** Message metadata (event_type + event_payload), as chat.postMessage's `metadata` sets it. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export type SlackStateChange =
  | { type: 'message_posted'; message: StoredMessage }
  | { type: 'message_updated'; message: StoredMessage }
  | { type: 'file_shared'; message: StoredMessage; files: StoredFile[] };

/** A Home tab as views.publish last set it for one user. */
export interface PublishedHome {
  user: string;
  view: { type: 'home'; blocks: unknown[]; [key: string]: unknown };
  publishedAt: string;
  /** How many times it was published, this one included. */
  publishes: number;
}

export class LocalSlackState {
  private readonly emitter = new EventEmitter();
  private readonly byChannel = new Map<string, StoredMessage[]>();
  readonly files = new Map<string, StoredFile>();
  /** Home tabs by user id (views.publish). */
  readonly homes = new Map<string, PublishedHome>();
  private lastTsMicros = 0;

  constructor(private readonly now: () => Date = () => new Date()) {
    // Tests and the sandbox may both listen; more than ten listeners is normal here.
    this.emitter.setMaxListeners(0);
  }

  /** Slack ts: seconds and microseconds, unique and increasing within the workspace. */
  nextTs(): string {
    this.lastTsMicros = Math.max(this.lastTsMicros + 1, this.now().getTime() * 1000);
    const micros = this.lastTsMicros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  isoNow(): string {
    return this.now().toISOString();
  }

  add(message: StoredMessage): StoredMessage {
    const list = this.byChannel.get(message.channel) ?? [];
    list.push(message);
    this.byChannel.set(message.channel, list);
    this.emit(message.files.length > 0 ? { type: 'file_shared', message, files: message.files } : { type: 'message_posted', message });
    return message;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.byChannel.get(channel)?.find((m) => m.ts === ts);
  }

  edit(message: StoredMessage, next: { text: string; blocks?: unknown[] }): StoredMessage {
    message.edits.push({ at: this.isoNow(), text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
    message.text = next.text;
    if (next.blocks !== undefined) message.blocks = next.blocks;
    this.emit({ type: 'message_updated', message });
    return message;
  }

  /** Records a change made in place (a stream append) without an edit entry. */
  touch(message: StoredMessage): void {
    this.emit({ type: 'message_updated', message });
  }

  /** Every message in a channel, thread replies included, in posting order. */
  messages(channel?: string): StoredMessage[] {
    if (channel !== undefined) return [...(this.byChannel.get(channel) ?? [])];
    return [...this.byChannel.values()].flat().sort((a, b) => a.ts.localeCompare(b.ts));
  }

  /** Top-level messages of a channel (what the channel shows, ephemeral ones aside). */
  topLevel(channel: string): StoredMessage[] {
    return this.messages(channel).filter((m) => m.threadTs === undefined && m.ephemeralFor === undefined);
  }

  /** Replies in the thread under `parentTs`, oldest first. */
  thread(channel: string, parentTs: string): StoredMessage[] {
    return this.messages(channel).filter((m) => m.threadTs === parentTs);
  }

  ephemeral(user?: string): StoredMessage[] {
    return this.messages().filter((m) => m.ephemeralFor !== undefined && (user === undefined || m.ephemeralFor === user));
  }

  publishHome(user: string, view: PublishedHome['view']): PublishedHome {
    const home: PublishedHome = { user, view, publishedAt: this.isoNow(), publishes: (this.homes.get(user)?.publishes ?? 0) + 1 };
    this.homes.set(user, home);
    this.emitter.emit('home', home);
    return home;
  }

  /** Calls `listener` whenever a Home tab is published; returns the unsubscribe function. */
  subscribeHome(listener: (home: PublishedHome) => void): () => void {
    this.emitter.on('home', listener);
    return () => this.emitter.off('home', listener);
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (change: SlackStateChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  /**
   * Resolves with the first truthy value `probe` returns, checking now and after every change.
   * Rejects after `timeoutMs` with `what` in the message, so a failing test says what it missed.
   */
  waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
    const first = probe();
    if (first) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        const value = probe();
        if (value) {
          clearTimeout(timer);
          unsubscribe();
          resolve(value);
        }
      };
      const offMessages = this.subscribe(check);
      const offHomes = this.subscribeHome(check);
      const unsubscribe = () => {
        offMessages();
        offHomes();
      };
    });
  }

  /** Plain JSON of the whole workspace (file bytes as base64), for a page to render. */
  toJSON(): { channels: Record<string, Array<Omit<StoredMessage, 'files'> & { files: Array<Omit<StoredFile, 'bytes'> & { base64?: string }> }>> } {
    const file = ({ bytes, ...rest }: StoredFile) => ({ ...rest, ...(bytes ? { base64: bytes.toString('base64') } : {}) });
    return {
      channels: Object.fromEntries([...this.byChannel.entries()].map(([channel, list]) => [channel, list.map((m) => ({ ...m, files: m.files.map(file) }))])),
    };
  }

  private emit(change: SlackStateChange): void {
    this.emitter.emit('change', change);
  }
}
