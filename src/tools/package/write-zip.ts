/**
 * The Lambda artifacts' zip files, written by fflate with fixed timestamps and sorted entries so
 * the same build gives the same bytes and CloudFormation does not redeploy an unchanged function.
 * Entries carry Unix permission bits: resvg's native binary must stay executable.
 */
import { zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  /** Path inside the archive, with "/" separators. */
  name: string;
  data: Buffer;
  /** Unix permission bits; 0o644 unless told. */
  mode?: number;
}

// 1980-01-01 00:00 local time, the earliest a zip can say (fflate writes local DOS time).
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const UNIX = 3;
const REGULAR_FILE = 0o100000;

export function writeZip(entries: ZipEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: Zippable = {};
  for (const entry of sorted) {
    if (entry.name.startsWith('/') || entry.name.includes('\\') || entry.name.split('/').includes('..')) throw new Error(`unsafe zip entry name ${entry.name}`);
    // Without the external attributes Lambda would unpack the native binary without its x bit.
    files[entry.name] = [new Uint8Array(entry.data), { level: 9, mtime: FIXED_MTIME, os: UNIX, attrs: ((REGULAR_FILE | (entry.mode ?? 0o644)) << 16) >>> 0 }];
  }
  return Buffer.from(zipSync(files));
}
