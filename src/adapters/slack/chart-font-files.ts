/**
 * The font files the chart is drawn with, taken from the dejavu-fonts-ttf npm package: Lambda and
 * slim containers have no system fonts, and without a font resvg silently drops every label.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const FILES = ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'] as const;

/** Absolute paths of the regular and bold DejaVu Sans files; throws when the package is missing. */
export function chartFontFiles(): string[] {
  return FILES.map((file) => {
    const path = require.resolve(file);
    if (!existsSync(path)) throw new Error(`chart font ${file} not found; install the dejavu-fonts-ttf package`);
    return path;
  });
}
