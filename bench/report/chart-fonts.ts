/**
 * Fonts for charts. A fresh machine may have no fonts at all, and then every title, label and
 * legend silently disappears from the PNG. So charts register the DejaVu fonts shipped in the
 * npm package `dejavu-fonts-ttf` and refuse to render when the family is not registered.
 */
import { GlobalFonts } from '@napi-rs/canvas';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

export const CHART_FONT_FAMILY = 'DejaVu Sans';

export interface FontOptions {
  /** Folder of .ttf files to register (default: dejavu-fonts-ttf/ttf). */
  fontDir?: string;
  /** Family every chart uses; rendering is refused unless it is registered. */
  fontFamily?: string;
}

const loadedDirs = new Set<string>();

export function defaultFontDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

export function registeredFamilies(): string[] {
  return GlobalFonts.families.map((f) => f.family);
}

/**
 * Registers the font folder (once per folder) and returns the family charts must use.
 * Throws when that family is not registered afterwards: text would be invisible.
 */
export function ensureChartFont(options: FontOptions = {}): string {
  const dir = resolve(options.fontDir ?? defaultFontDir());
  const family = options.fontFamily ?? CHART_FONT_FAMILY;
  if (!loadedDirs.has(dir) && existsSync(dir)) {
    GlobalFonts.loadFontsFromDir(dir);
    loadedDirs.add(dir);
  }
  const families = registeredFamilies();
  if (!families.includes(family)) {
    const known = families.length ? `registered: ${families.join(', ')}` : 'no font family is registered at all';
    throw new Error(
      `refusing to render charts: font family "${family}" is not registered (${known}); ` +
        `fonts were loaded from ${dir}. Without a font, chart text silently disappears. ` +
        'Reinstall the npm package dejavu-fonts-ttf or pass a font folder.',
    );
  }
  return family;
}
