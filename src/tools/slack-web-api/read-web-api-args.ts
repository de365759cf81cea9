import type { IncomingMessage } from 'node:http';

export interface WebApiRequest {
  /** Arguments as Slack reads them: form fields, JSON keys or query parameters. */
  args: Record<string, unknown>;
  /** Multipart file parts, by field name. */
  files: Record<string, Buffer>;
  raw: Buffer;
  contentType: string;
}

/**
 * Reads a Web API request body the ways the WebClient sends one: url-encoded form (objects as
 * JSON strings), JSON, or multipart when a Buffer is among the arguments.
 */
export async function readWebApiArgs(req: IncomingMessage, url: URL, limitBytes = 5 * 1024 * 1024): Promise<WebApiRequest> {
  const raw = await readBody(req, limitBytes);
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams.entries());
  const files: Record<string, Buffer> = {};
  if (contentType.startsWith('application/json')) {
    const parsed = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as unknown) : {};
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(args, parsed);
  } else if (contentType.startsWith('multipart/form-data')) {
    // Node's fetch Request parses multipart for us, boundary and all.
    const form = await new Request('http://local/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') args[key] = value;
      else files[key] = Buffer.from(await value.arrayBuffer());
    }
  } else if (raw.length > 0) {
    for (const [key, value] of new URLSearchParams(raw.toString('utf8')).entries()) args[key] = value;
  }
  return { args, files, raw, contentType };
}

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError(limit));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
