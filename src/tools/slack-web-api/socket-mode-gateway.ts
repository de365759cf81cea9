/**
 * The Socket Mode side of the Slack stand-in: a minimal WebSocket server (RFC 6455 text frames,
 * ping/pong, close) that greets a connecting app with `hello` and delivers envelopes to it the way
 * Slack does, resolving with the app's acknowledgement. Enough for Bolt's SocketModeReceiver; no
 * extensions, no fragmentation.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { text: 0x1, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface SocketModeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

interface Connection {
  socket: Duplex;
  buffer: Buffer;
}

export class SocketModeGateway {
  private readonly connections = new Set<Connection>();
  private readonly pending = new Map<string, (ack: SocketModeAck) => void>();
  private readonly tickets = new Set<string>();
  private waitingForConnection: Array<() => void> = [];

  constructor(private readonly appId = 'A0DIAG502') {}

  /** A one-time ticket for the URL apps.connections.open hands out. */
  issueTicket(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return ticket;
  }

  get connected(): number {
    return this.connections.size;
  }

  /** Resolves once an app is connected (it has been sent `hello`). */
  whenConnected(): Promise<void> {
    return this.connections.size > 0 ? Promise.resolve() : new Promise((resolve) => this.waitingForConnection.push(resolve));
  }

  /** Handles an HTTP upgrade to `/socket-mode/<ticket>`; returns false when the path is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex): boolean {
    const match = /^\/socket-mode\/([0-9a-f-]+)$/.exec(new URL(req.url ?? '/', 'http://local').pathname);
    if (!match) return false;
    const key = req.headers['sec-websocket-key'];
    if (!match[1] || !this.tickets.delete(match[1]) || typeof key !== 'string') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return true;
    }
    const accept = createHash('sha1').update(`${key}${WS_GUID}`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    const connection: Connection = { socket, buffer: Buffer.alloc(0) };
    this.connections.add(connection);
    socket.on('data', (chunk: Buffer) => this.onData(connection, chunk));
    socket.on('close', () => this.connections.delete(connection));
    socket.on('error', () => this.connections.delete(connection));
    this.sendJson(connection, {
      type: 'hello',
      num_connections: this.connections.size,
      debug_info: { host: 'local-stand-in' },
      connection_info: { app_id: this.appId },
    });
    for (const wake of this.waitingForConnection.splice(0)) wake();
    return true;
  }

  /** Sends one envelope to a connected app and resolves with its acknowledgement. */
  deliver(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown, extra: Record<string, unknown> = {}): Promise<SocketModeAck> {
    const connection = [...this.connections][0];
    if (!connection) return Promise.reject(new Error('no app is connected over Socket Mode'));
    const envelopeId = randomUUID();
    return new Promise((resolve) => {
      this.pending.set(envelopeId, resolve);
      this.sendJson(connection, { envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', ...extra });
    });
  }

  close(): void {
    for (const connection of this.connections) connection.socket.destroy();
    this.connections.clear();
  }

  private onData(connection: Connection, chunk: Buffer): void {
    connection.buffer = Buffer.concat([connection.buffer, chunk]);
    for (;;) {
      const frame = readFrame(connection.buffer);
      if (!frame) return;
      connection.buffer = connection.buffer.subarray(frame.size);
      if (frame.opcode === OP.ping) connection.socket.write(encodeFrame(OP.pong, frame.payload));
      else if (frame.opcode === OP.close) {
        connection.socket.end(encodeFrame(OP.close, frame.payload.subarray(0, 2)));
        this.connections.delete(connection);
        return;
      } else if (frame.opcode === OP.text) this.onMessage(frame.payload.toString('utf8'));
    }
  }

  private onMessage(text: string): void {
    let message: SocketModeAck;
    try {
      message = JSON.parse(text) as SocketModeAck;
    } catch {
      return;
    }
    const resolve = this.pending.get(message.envelope_id);
    if (resolve) {
      this.pending.delete(message.envelope_id);
      resolve(message);
    }
  }

  private sendJson(connection: Connection, value: unknown): void {
    connection.socket.write(encodeFrame(OP.text, Buffer.from(JSON.stringify(value), 'utf8')));
  }
}

/** A server frame: final, unmasked. */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head = length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | opcode;
  if (length < 126) head[1] = length;
  else if (length < 65_536) {
    head[1] = 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([head, payload]);
}

/** Reads one (client, masked) frame from the front of the buffer, or null when it is incomplete. */
function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; size: number } | null {
  if (buffer.length < 2) return null;
  const opcode = buffer[0]! & 0x0f;
  const masked = (buffer[1]! & 0x80) !== 0;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskLength = masked ? 4 : 0;
  if (buffer.length < offset + maskLength + length) return null;
  const mask = masked ? buffer.subarray(offset, offset + 4) : undefined;
  const payload = Buffer.from(buffer.subarray(offset + maskLength, offset + maskLength + length));
  if (mask) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
  return { opcode, payload, size: offset + maskLength + length };
}
