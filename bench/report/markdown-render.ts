/** Blocks -> GitHub-flavoured Markdown. */
import type { Block } from './document.js';

function cell(text: string): string {
  const t = text.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
  return t === '' ? ' ' : t;
}

function tableMarkdown(headers: string[], rows: string[][], align?: ('left' | 'right')[]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = headers.map((_, i) => (align?.[i] === 'right' ? '---:' : '---'));
  return [line(headers), `|${rule.map((r) => ` ${r} `).join('|')}|`, ...rows.map(line)].join('\n');
}

export const BANNER_MARK = { ok: '✓', warning: '⚠', error: '✗' } as const;

export function blocksToMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        out.push(`${'#'.repeat(block.level)} ${block.text}`);
        break;
      case 'paragraph':
        out.push(block.text);
        break;
      case 'banner':
        out.push(`> ${BANNER_MARK[block.tone]} ${block.text.replace(/\n/g, '\n> ')}`);
        break;
      case 'table':
        out.push(tableMarkdown(block.headers, block.rows, block.align));
        break;
      case 'list':
        out.push(block.items.map((item) => `- ${item.replace(/\n/g, ' ')}`).join('\n'));
        break;
      case 'chart':
        if (block.markdown) out.push(`![${block.markdown.title.replace(/[[\]]/g, '')}](${block.markdown.file})`);
        continue;
    }
  }
  return out.join('\n\n') + '\n';
}
