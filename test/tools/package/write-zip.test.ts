import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { writeZip } from '../../../src/tools/package/write-zip.ts';

/** Unix mode bits of each entry, read from the central directory's external attributes. */
function modes(zip: Buffer): Record<string, number> {
  const out: Record<string, number> = {};
  for (let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    out[name] = (zip.readUInt32LE(at + 38) >>> 16) & 0o777;
  }
  return out;
}

describe('writeZip', () => {
  const entries = [
    { name: 'src/apps/lambda/worker.mjs', data: Buffer.from('export const handler = () => 1;\n') },
    { name: 'node_modules/pkg/native.node', data: Buffer.alloc(4096, 7), mode: 0o755 },
  ];

  it('writes the same bytes for the same files, whatever their order', () => {
    expect(writeZip(entries).equals(writeZip([...entries].reverse()))).toBe(true);
  });

  it('round-trips every file and keeps the executable bit', () => {
    const zip = writeZip(entries);
    const files = unzipSync(new Uint8Array(zip));
    expect(Object.keys(files).sort()).toEqual(['node_modules/pkg/native.node', 'src/apps/lambda/worker.mjs']);
    expect(Buffer.from(files['src/apps/lambda/worker.mjs']!).toString()).toBe('export const handler = () => 1;\n');
    expect(modes(zip)).toEqual({ 'node_modules/pkg/native.node': 0o755, 'src/apps/lambda/worker.mjs': 0o644 });
  });

  it('refuses entry names that would escape the task root', () => {
    for (const name of ['/etc/passwd', '../up.js', 'a\\b.js']) expect(() => writeZip([{ name, data: Buffer.from('x') }])).toThrow(/unsafe zip entry/);
  });
});
