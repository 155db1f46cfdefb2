/**
 * A report as a neutral list of blocks, built once from results.json and rendered to Markdown
 * (summary.md) and to HTML (report.html), so both always carry the same content.
 *
 * Inline text may use two Markdown marks only: **bold** and `code`.
 */

export type Tone = 'ok' | 'warning' | 'error';

/** Colour of one table cell in HTML (a verdict): Markdown carries the meaning in the text itself. */
export type CellTone = 'good' | 'bad' | 'neutral';

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'banner'; tone: Tone; text: string }
  | { kind: 'table'; headers: string[]; rows: string[][]; align?: ('left' | 'right')[]; tones?: (CellTone | null)[][] }
  | { kind: 'list'; items: string[] }
  /**
   * Where a chart belongs; HTML inlines it when rendered, Markdown leaves it out unless
   * `markdown` names the image to link (charts/<id>.png). With `prefix`, every chart whose id
   * starts with `${id}-` goes here (e.g. one per table).
   */
  | { kind: 'chart'; id: string; prefix?: boolean; markdown?: { title: string; file: string } };

export const heading = (level: 1 | 2 | 3, text: string): Block => ({ kind: 'heading', level, text });
export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const banner = (tone: Tone, text: string): Block => ({ kind: 'banner', tone, text });
export const list = (items: string[]): Block => ({ kind: 'list', items });
export const chart = (id: string, prefix = false, markdown?: { title: string; file: string }): Block => ({
  kind: 'chart',
  id,
  ...(prefix ? { prefix } : {}),
  ...(markdown ? { markdown } : {}),
});
export function table(headers: string[], rows: string[][], align?: ('left' | 'right')[], tones?: (CellTone | null)[][]): Block {
  return { kind: 'table', headers, rows, ...(align ? { align } : {}), ...(tones ? { tones } : {}) };
}
