/**
 * The page's static files (src/tools/sandbox/public), read once at start-up: the HTML shell, the
 * stylesheet and the script. They are plain files so they can be edited and reloaded with a
 * browser refresh after a sandbox restart, and need no build step.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export interface SandboxAsset {
  type: string;
  body: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export async function loadPageAssets(dir = PUBLIC_DIR): Promise<Map<string, SandboxAsset>> {
  const assets = new Map<string, SandboxAsset>();
  for (const name of await readdir(dir)) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { type, body: await readFile(join(dir, name)) });
  }
  return assets;
}
