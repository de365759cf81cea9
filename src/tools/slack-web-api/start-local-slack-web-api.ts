/**
 * A local stand-in for the Slack Web API, for tests, benchmarks and a browser sandbox. It speaks
 * the methods the bot calls at `http://127.0.0.1:<port>/api/`, checks the bearer token, and
 * refuses what Slack refuses (invalid blocks, over-long text, missing arguments) with Slack's own
 * error codes, so a message that passes here should pass in a real workspace. Point the bot at it
 * with SLACK_API_URL.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BLOCKS_TOO_LONG, validateBlocks, validateHomeView } from '../block-kit-check/validate-blocks.ts';
import { validateChunks } from '../block-kit-check/validate-chunks.ts';
import { LocalSlackState, type StoredFile, type StoredMessage, type StreamState, type StreamTask } from './local-slack-state.ts';
import { BodyTooLargeError, readWebApiArgs, type WebApiRequest } from './read-web-api-args.ts';
import { SocketModeGateway } from './socket-mode-gateway.ts';

/** chat.postMessage truncates beyond 40,000 characters; we refuse, which is stricter and easier to test. */
const MAX_MESSAGE_TEXT = 40_000;

export interface LocalSlackWebApiOptions {
  port?: number;
  host?: string;
  /** Bot tokens accepted; anything else gets `invalid_auth`. */
  tokens?: string[];
  /** App-level tokens (xapp-) accepted by apps.connections.open, for Socket Mode. */
  appTokens?: string[];
  teamId?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  /** User group id → member user ids, for usergroups.users.list. */
  usergroups?: Record<string, string[]>;
  /**
   * Methods to answer `unknown_method`, as an older Slack or a workspace without a feature does
   * (e.g. the chat.*Stream methods, to test the bot's fallback). Changeable later with `unsupported`.
   */
  unsupportedMethods?: string[];
  /** Channels the bot is not in: posting there answers `not_in_channel`, as Slack does. */
  channelsWithoutBot?: string[];
  /**
   * Block types to refuse with `invalid_blocks` (`unsupported type`), as a Slack that does not
   * know them yet would (e.g. `table`, `markdown`, to test the bot's fallback). Changeable later
   * with `unsupportedBlocks`.
   */
  unsupportedBlockTypes?: string[];
  now?: () => Date;
}

export interface WebApiCall {
  method: string;
  at: string;
  ok: boolean;
  error?: string;
  status: number;
}

export interface LocalSlackWebApi {
  /** Base URL for SLACK_API_URL / clientOptions.slackApiUrl, ending in `/api/`. */
  url: string;
  origin: string;
  port: number;
  state: LocalSlackState;
  /** Socket Mode: deliver commands and button presses to a bot connected with an app token. */
  socketMode: SocketModeGateway;
  /** Every Web API call answered, oldest first. */
  calls: WebApiCall[];
  /** A response_url for a command or button press by `user` in `channel`. */
  responseUrl(channel: string, user: string): string;
  /** From now on `method` answers `unknown_method` (true) or works again (false). */
  unsupported(method: string, refused?: boolean): void;
  /** From now on messages holding a block of `type` answer `invalid_blocks` (true) or pass again (false). */
  unsupportedBlocks(type: string, refused?: boolean): void;
  /** The next `times` calls to `method` answer HTTP 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(method: string, options?: { times?: number; retryAfterSeconds?: number }): void;
  /** The next `times` calls to `method` answer with HTTP `status` (a 5xx, as Slack does in an incident). */
  failNext(method: string, options?: { times?: number; status?: number }): void;
  /** Every Web API call answers HTTP 503 for the next `ms` milliseconds: Slack is down. */
  outage(ms: number): void;
  close(): Promise<void>;
}

type Args = Record<string, unknown>;
type MethodResult = Record<string, unknown> & { ok: boolean };
type Method = (args: Args, request: WebApiRequest) => MethodResult;

class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export async function startLocalSlackWebApi(options: LocalSlackWebApiOptions = {}): Promise<LocalSlackWebApi> {
  const tokens = new Set(options.tokens ?? ['xoxb-local-test-token']);
  const appTokens = new Set(options.appTokens ?? ['xapp-local-test-token']);
  const socketMode = new SocketModeGateway();
  const teamId = options.teamId ?? 'T0LOCAL01';
  const botUserId = options.botUserId ?? 'U0DIAGBOT';
  const botId = options.botId ?? 'B0DIAGBOT';
  const usergroups = options.usergroups ?? {};
  const withoutBot = new Set(options.channelsWithoutBot ?? []);
  const unsupported = new Set(options.unsupportedMethods ?? []);
  const refusedBlockTypes = new Set(options.unsupportedBlockTypes ?? []);
  const checkBlocks = (blocks: unknown[]): void => checkBlocksAs(blocks, refusedBlockTypes);
  const state = new LocalSlackState(options.now);
  const calls: WebApiCall[] = [];
  const limits = new Map<string, { times: number; retryAfterSeconds: number }>();
  const failures = new Map<string, { times: number; status: number }>();
  let downUntil = 0;
  const responseUrls = new Map<string, { channel: string; user: string; uses: number }>();
  let origin = '';

  const channelArg = (args: Args, key = 'channel'): string => {
    const channel = str(args[key]);
    if (!channel) throw new SlackApiError('channel_not_found');
    if (!/^[CGD][A-Z0-9]+$/.test(channel)) throw new SlackApiError('channel_not_found');
    return channel;
  };
  const botChannel = (args: Args, key = 'channel'): string => {
    const channel = channelArg(args, key);
    if (withoutBot.has(channel)) throw new SlackApiError('not_in_channel');
    return channel;
  };
  const content = (args: Args): { text: string; blocks?: unknown[] } => {
    const text = str(args['text']) ?? '';
    const blocks = parseBlocks(args['blocks']);
    if (!text && !blocks) throw new SlackApiError('no_text');
    if (text.length > MAX_MESSAGE_TEXT) throw new SlackApiError('msg_too_long');
    if (blocks) checkBlocks(blocks);
    return { text, ...(blocks ? { blocks } : {}) };
  };
  const threadOf = (channel: string, threadTs: string | undefined): string | undefined => {
    if (threadTs === undefined) return undefined;
    const parent = state.find(channel, threadTs);
    if (!parent || parent.ephemeralFor) throw new SlackApiError('thread_not_found');
    // Replying to a reply lands in the same thread, as in Slack.
    return parent.threadTs ?? parent.ts;
  };

  const streamingMessage = (args: Args): StoredMessage => {
    const channel = botChannel(args);
    const ts = str(args['ts']);
    if (!ts) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: ts'] } });
    const message = state.find(channel, ts);
    if (!message) throw new SlackApiError('message_not_found');
    if (message.stream?.state !== 'streaming') throw new SlackApiError('message_not_in_streaming_state');
    return message;
  };

  const methods: Record<string, Method> = {
    'api.test': (args) => ({ ok: true, args }),
    'auth.test': () => ({
      ok: true,
      url: `https://${options.teamDomain ?? 'local'}.slack.com/`,
      team: 'Local workspace',
      user: 'diagnose-502',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }),
    'chat.postMessage': (args) => {
      const channel = botChannel(args);
      const body = content(args);
      const threadTs = threadOf(channel, str(args['thread_ts']));
      const metadata = metadataOf(args['metadata']);
      const message = state.add({
        channel,
        ts: state.nextTs(),
        ...(threadTs ? { threadTs } : {}),
        user: botUserId,
        ...body,
        edits: [],
        files: [],
        via: 'chat.postMessage',
        postedAt: state.isoNow(),
        ...(metadata ? { metadata } : {}),
      });
      return { ok: true, channel, ts: message.ts, message: wireMessage(message, botId) };
    },
    'chat.startStream': (args) => {
      const channel = botChannel(args);
      const threadTs = threadOf(channel, str(args['thread_ts']));
      const recipientUserId = str(args['recipient_user_id']);
      const recipientTeamId = str(args['recipient_team_id']);
      // Slack streams into channels only for a named recipient (in a DM the DM names them).
      if (!channel.startsWith('D') && (!recipientUserId || !recipientTeamId)) {
        throw new SlackApiError('invalid_arguments', {
          response_metadata: { messages: ['[ERROR] recipient_user_id and recipient_team_id are required outside a DM'] },
        });
      }
      const mode = str(args['task_display_mode']) ?? 'timeline';
      if (mode !== 'timeline' && mode !== 'plan')
        throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] task_display_mode must be timeline or plan'] } });
      const stream: StreamState = {
        state: 'streaming',
        ...(recipientUserId ? { recipientUserId } : {}),
        ...(recipientTeamId ? { recipientTeamId } : {}),
        taskDisplayMode: mode,
        tasks: [],
        markdown: '',
        appends: 0,
      };
      applyChunks(stream, streamArgs(args));
      const message = state.add({
        channel,
        ts: state.nextTs(),
        ...(threadTs ? { threadTs } : {}),
        user: botUserId,
        text: streamText(stream),
        edits: [],
        files: [],
        via: 'chat.startStream',
        postedAt: state.isoNow(),
        stream,
      });
      return { ok: true, channel, ts: message.ts };
    },
    'chat.appendStream': (args) => {
      const message = streamingMessage(args);
      const stream = message.stream!;
      applyChunks(stream, streamArgs(args, true));
      stream.appends += 1;
      message.text = streamText(stream);
      state.touch(message);
      return { ok: true, channel: message.channel, ts: message.ts };
    },
    'chat.stopStream': (args) => {
      const message = streamingMessage(args);
      const stream = message.stream!;
      const blocks = parseBlocks(args['blocks']);
      if (blocks) checkBlocks(blocks);
      if (args['chunks'] !== undefined || args['markdown_text'] !== undefined) applyChunks(stream, streamArgs(args));
      stream.state = 'stopped';
      if (blocks) message.blocks = blocks;
      message.text = streamText(stream);
      state.touch(message);
      return { ok: true, channel: message.channel, ts: message.ts, message: wireMessage(message, botId) };
    },
    'chat.update': (args) => {
      const channel = botChannel(args);
      const ts = str(args['ts']);
      if (!ts) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: ts'] } });
      const message = state.find(channel, ts);
      if (!message) throw new SlackApiError('message_not_found');
      if (message.ephemeralFor || message.user !== botUserId) throw new SlackApiError('cant_update_message');
      const body = content(args);
      state.edit(message, body);
      return { ok: true, channel, ts, text: message.text, message: wireMessage(message, botId) };
    },
    'chat.postEphemeral': (args) => {
      const channel = botChannel(args);
      const user = str(args['user']);
      if (!user) throw new SlackApiError('user_not_found');
      const body = content(args);
      const threadTs = threadOf(channel, str(args['thread_ts']));
      const message = state.add({
        channel,
        ts: state.nextTs(),
        ...(threadTs ? { threadTs } : {}),
        user: botUserId,
        ...body,
        ephemeralFor: user,
        edits: [],
        files: [],
        via: 'chat.postEphemeral',
        postedAt: state.isoNow(),
      });
      return { ok: true, message_ts: message.ts };
    },
    'files.getUploadURLExternal': (args) => {
      const filename = str(args['filename']);
      const length = Number(args['length']);
      if (!filename || !Number.isInteger(length) || length <= 0) {
        throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] filename and a positive length are required'] } });
      }
      const id = `F${randomBytes(5).toString('hex').toUpperCase()}`;
      state.files.set(id, { id, name: filename, length });
      return { ok: true, upload_url: `${origin}/upload/v1/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (args) => {
      const list = parseJson<Array<{ id?: string; title?: string }>>(args['files']);
      if (!Array.isArray(list) || list.length === 0)
        throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] files must be a non-empty array'] } });
      const files: StoredFile[] = list.map((entry) => {
        const file = entry.id ? state.files.get(entry.id) : undefined;
        if (!file) throw new SlackApiError('file_not_found');
        if (!file.bytes) throw new SlackApiError('file_upload_not_complete');
        if (entry.title) file.title = entry.title;
        return file;
      });
      const channelId = str(args['channel_id']);
      if (channelId) {
        const channel = botChannel(args, 'channel_id');
        const threadTs = threadOf(channel, str(args['thread_ts']));
        const sharedAt = state.isoNow();
        for (const file of files) Object.assign(file, { channel, ...(threadTs ? { threadTs } : {}), sharedAt });
        state.add({
          channel,
          ts: state.nextTs(),
          ...(threadTs ? { threadTs } : {}),
          user: botUserId,
          text: str(args['initial_comment']) ?? '',
          edits: [],
          files,
          via: 'files.completeUploadExternal',
          postedAt: sharedAt,
        });
      }
      return { ok: true, files: files.map((f) => ({ id: f.id, name: f.name, title: f.title ?? f.name, size: f.length })) };
    },
    'chat.getPermalink': (args) => {
      const channel = channelArg(args);
      const ts = str(args['message_ts']);
      const message = ts ? state.find(channel, ts) : undefined;
      if (!message || message.ephemeralFor) throw new SlackApiError('message_not_found');
      const base = `https://${options.teamDomain ?? 'local'}.slack.com/archives/${channel}/p${message.ts.replace('.', '')}`;
      // Slack adds the thread to a reply's link so it opens in its thread.
      const permalink = message.threadTs ? `${base}?thread_ts=${message.threadTs}&cid=${channel}` : base;
      return { ok: true, channel, permalink };
    },
    'views.publish': (args) => {
      const user = str(args['user_id']);
      if (!user) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: user_id'] } });
      if (!/^[UW][A-Z0-9]+$/.test(user)) throw new SlackApiError('user_not_found');
      const view = parseJson<unknown>(args['view']);
      const problems = validateHomeView(view);
      // Slack answers invalid_arguments for a view it refuses, with the problems listed.
      if (problems.length > 0) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: problems } });
      const home = state.publishHome(user, view as Parameters<typeof state.publishHome>[1]);
      return { ok: true, view: { id: `V${user.slice(1)}HOME`, team_id: teamId, type: 'home', blocks: home.view.blocks } };
    },
    'usergroups.users.list': (args) => {
      const group = str(args['usergroup']);
      if (!group) throw new SlackApiError('invalid_arguments');
      const users = usergroups[group];
      if (!users) throw new SlackApiError('no_such_subteam');
      return { ok: true, users };
    },
    'apps.connections.open': () => ({ ok: false, error: 'not_allowed_token_type' }),
    // Newest first, top-level messages only, as Slack answers; metadata only when asked for.
    'conversations.history': (args) => {
      const channel = channelArg(args);
      const oldest = Number(str(args['oldest']) ?? '0');
      const limit = Math.min(Number(str(args['limit']) ?? '100') || 100, 999);
      const withMetadata = args['include_all_metadata'] === true || args['include_all_metadata'] === 'true';
      const messages = state
        .topLevel(channel)
        .filter((m) => Number(m.ts) >= oldest)
        .reverse()
        .slice(0, limit)
        .map((m) => ({ ...wireMessage(m, botId), ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) }));
      return { ok: true, messages, has_more: false };
    },
    'conversations.info': (args) => {
      const channel = channelArg(args);
      return { ok: true, channel: { id: channel, name: channel.toLowerCase(), is_channel: true, is_member: !withoutBot.has(channel) } };
    },
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: 'internal_error', detail: String(error) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    let request: WebApiRequest;
    try {
      request = await readWebApiArgs(req, url);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return send(res, 413, { ok: false, error: 'request_too_large' });
      return send(res, 200, { ok: false, error: 'invalid_json' });
    }
    if (Date.now() < downUntil) {
      calls.push({ method: url.pathname, at: state.isoNow(), ok: false, error: 'server_error', status: 503 });
      return sendText(res, 503, 'Slack is down');
    }
    if (url.pathname.startsWith('/upload/v1/')) return upload(url.pathname.slice('/upload/v1/'.length), request, res);
    if (url.pathname.startsWith('/respond/')) return respond(url.pathname.slice('/respond/'.length), request, res);
    if (!url.pathname.startsWith('/api/')) return send(res, 404, { ok: false, error: 'unknown_path' });

    const name = url.pathname.slice('/api/'.length);
    const at = state.isoNow();
    const limit = limits.get(name);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      calls.push({ method: name, at, ok: false, error: 'ratelimited', status: 429 });
      res.setHeader('retry-after', String(limit.retryAfterSeconds));
      return send(res, 429, { ok: false, error: 'ratelimited' });
    }
    const failure = failures.get(name);
    if (failure && failure.times > 0) {
      const status = failure.status;
      failure.times -= 1;
      calls.push({ method: name, at, ok: false, error: 'server_error', status });
      return sendText(res, status, 'Slack is having trouble');
    }
    const method = unsupported.has(name) ? undefined : methods[name];
    const answer = (status: number, body: MethodResult) => {
      calls.push({ method: name, at, ok: body.ok, status, ...(body.ok ? {} : { error: String(body['error']) }) });
      send(res, status, body);
    };
    if (!method) return answer(200, { ok: false, error: 'unknown_method' });
    const auth = authOf(req, request.args);
    if (!auth) return answer(200, { ok: false, error: 'not_authed' });
    if (name === 'apps.connections.open') {
      // Only an app-level token opens a Socket Mode connection, as in Slack.
      if (!appTokens.has(auth)) return answer(200, { ok: false, error: tokens.has(auth) ? 'not_allowed_token_type' : 'invalid_auth' });
      return answer(200, { ok: true, url: `${origin.replace(/^http/, 'ws')}/socket-mode/${socketMode.issueTicket()}` });
    }
    if (!tokens.has(auth)) return answer(200, { ok: false, error: 'invalid_auth' });
    try {
      answer(200, method(request.args, request));
    } catch (error) {
      if (error instanceof SlackApiError) return answer(200, { ok: false, error: error.code, ...error.extra });
      throw error;
    }
  }

  function upload(fileId: string, request: WebApiRequest, res: ServerResponse): void {
    const file = state.files.get(fileId);
    if (!file) {
      sendText(res, 404, 'file not found');
      return;
    }
    // The WebClient sends multipart (one part); curl-style clients send the raw bytes.
    const bytes = Object.values(request.files)[0] ?? request.raw;
    if (bytes.length !== file.length) {
      sendText(res, 400, `expected ${file.length} bytes, got ${bytes.length}`);
      return;
    }
    file.bytes = bytes;
    sendText(res, 200, `OK - ${bytes.length}`);
  }

  function respond(id: string, request: WebApiRequest, res: ServerResponse): void {
    const target = responseUrls.get(id);
    if (!target) {
      sendText(res, 404, 'expired_url');
      return;
    }
    // Slack allows five replies within 30 minutes per response_url.
    if (target.uses >= 5) {
      sendText(res, 404, 'used_url');
      return;
    }
    const args = request.args;
    const blocks = parseBlocks(args['blocks']);
    const text = str(args['text']) ?? '';
    if (!text && !blocks) {
      sendText(res, 400, 'no_text');
      return;
    }
    if (blocks && blockProblems(blocks, refusedBlockTypes).length > 0) {
      sendText(res, 400, 'invalid_blocks');
      return;
    }
    target.uses += 1;
    const inChannel = args['response_type'] === 'in_channel';
    state.add({
      channel: target.channel,
      ts: state.nextTs(),
      user: inChannel ? botUserId : target.user,
      text,
      ...(blocks ? { blocks } : {}),
      ...(inChannel ? {} : { ephemeralFor: target.user }),
      edits: [],
      files: [],
      via: 'response_url',
      postedAt: state.isoNow(),
    });
    sendText(res, 200, 'ok');
  }

  server.on('upgrade', (req, socket) => {
    if (!socketMode.handleUpgrade(req, socket)) socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${options.host ?? '127.0.0.1'}:${port}`;

  return {
    url: `${origin}/api/`,
    origin,
    port,
    state,
    socketMode,
    calls,
    responseUrl(channel, user) {
      const id = `${teamId}/${randomBytes(8).toString('hex')}`;
      responseUrls.set(id, { channel, user, uses: 0 });
      return `${origin}/respond/${id}`;
    },
    unsupported(method, refused = true) {
      if (refused) unsupported.add(method);
      else unsupported.delete(method);
    },
    unsupportedBlocks(type, refused = true) {
      if (refused) refusedBlockTypes.add(type);
      else refusedBlockTypes.delete(type);
    },
    rateLimit(method, { times = 1, retryAfterSeconds = 1 } = {}) {
      limits.set(method, { times, retryAfterSeconds });
    },
    failNext(method, { times = 1, status = 500 } = {}) {
      failures.set(method, { times, status });
    },
    outage(ms) {
      downUntil = Date.now() + ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        socketMode.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Slack's checks on blocks, with its two error codes: one for size, one for everything else. */
function checkBlocksAs(blocks: unknown[], refusedTypes: ReadonlySet<string>): void {
  const problems = blockProblems(blocks, refusedTypes);
  if (problems.length === 0) return;
  if (problems.every((p) => p.includes(BLOCKS_TOO_LONG))) throw new SlackApiError('msg_blocks_too_long', { errors: problems });
  throw new SlackApiError('invalid_blocks', { errors: problems, response_metadata: { messages: problems } });
}

/** Block Kit problems, plus the block types this stand-in was told to treat as unknown, worded as Slack words them. */
function blockProblems(blocks: unknown[], refusedTypes: ReadonlySet<string>): string[] {
  const refused = blocks.flatMap((block, i) => {
    const type = typeof block === 'object' && block !== null ? (block as { type?: unknown }).type : undefined;
    return typeof type === 'string' && refusedTypes.has(type) ? [`[ERROR] unsupported type: ${type} [json-pointer:/blocks/${i}/type]`] : [];
  });
  return [...refused, ...validateBlocks(blocks)];
}

/** The chunks of a stream call (markdown_text is shorthand for one markdown chunk), checked as Slack checks them. */
function streamArgs(args: Args, required = false): unknown[] {
  const chunks = args['chunks'] === undefined ? [] : parseJson<unknown>(args['chunks']);
  const markdown = str(args['markdown_text']);
  const all = [...(Array.isArray(chunks) ? chunks : [chunks]), ...(markdown ? [{ type: 'markdown_text', text: markdown }] : [])];
  if (required && all.length === 0)
    throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] either markdown_text or chunks is required'] } });
  const problems = validateChunks(all);
  if (problems.length > 0) throw new SlackApiError('invalid_chunks', { errors: problems, response_metadata: { messages: problems } });
  return all;
}

/** Applies chunks in order: a task_update replaces the task with its id, text is appended. */
function applyChunks(stream: StreamState, chunks: unknown[]): void {
  for (const raw of chunks) {
    const c = raw as Record<string, unknown>;
    if (c['type'] === 'markdown_text') stream.markdown += String(c['text']);
    else if (c['type'] === 'plan_update') stream.planTitle = String(c['title']);
    else if (c['type'] === 'task_update') {
      const task: StreamTask = {
        id: String(c['id']),
        title: String(c['title']),
        status: c['status'] as StreamTask['status'],
        ...(typeof c['details'] === 'string' ? { details: c['details'] } : {}),
        ...(typeof c['output'] === 'string' ? { output: c['output'] } : {}),
      };
      const at = stream.tasks.findIndex((t) => t.id === task.id);
      if (at >= 0) stream.tasks[at] = task;
      else stream.tasks.push(task);
    }
  }
}

/** The plain text Slack keeps for a streamed message (notifications, search). */
function streamText(stream: StreamState): string {
  const tasks = stream.tasks.map((t) => `[${t.status}] ${t.title}${t.output ? `: ${t.output}` : ''}`);
  return [stream.planTitle, ...tasks, stream.markdown].filter(Boolean).join('\n');
}

function parseBlocks(value: unknown): unknown[] | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = parseJson<unknown>(value);
  if (!Array.isArray(parsed)) throw new SlackApiError('invalid_blocks_format');
  return parsed;
}

function parseJson<T>(value: unknown): T | undefined {
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] value is not valid JSON'] } });
  }
}

function authOf(req: IncomingMessage, args: Args): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return str(args['token']);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** chat.postMessage's `metadata`: an object in JSON bodies, a JSON string in form-encoded ones. */
function metadataOf(raw: unknown): StoredMessage['metadata'] {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SlackApiError('invalid_metadata_format');
    }
  }
  if (value === undefined || value === null) return undefined;
  const m = value as { event_type?: unknown; event_payload?: unknown };
  if (typeof m.event_type !== 'string' || typeof m.event_payload !== 'object' || m.event_payload === null) throw new SlackApiError('invalid_metadata_schema');
  return { event_type: m.event_type, event_payload: m.event_payload as Record<string, unknown> };
}

function wireMessage(message: StoredMessage, botId: string): Record<string, unknown> {
  return {
    type: 'message',
    user: message.user,
    bot_id: botId,
    text: message.text,
    ts: message.ts,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
