/** The answer check: did every engine return the same answer to the same query? */
import type { Results } from '../../core/results.js';
import { heading, list, paragraph, table, type Block } from '../document.js';
import { DASH, formatCount } from '../../format/numbers.js';

const MARK = { agree: '✓ agree', mismatch: '✗ MISMATCH', single: '– single target' } as const;

export function answerBlocks(results: Results): Block[] {
  const blocks: Block[] = [heading(2, 'Answer check')];
  if (results.answers.length === 0) {
    blocks.push(paragraph(`No answers were compared (${DASH}).`));
    return blocks;
  }
  blocks.push(
    table(
      ['Query', 'Status', 'Rows', 'Targets', 'Tolerance', 'Digests'],
      results.answers.map((a) => {
        const digests = [...new Set(Object.values(a.digests))];
        return [
          `\`${a.query}\``,
          MARK[a.status] ?? a.status,
          formatCount(a.rows),
          a.targets.join(', ') + (a.reference ? `, checked against ${a.reference}` : ''),
          `${a.tolerance} (relative)`,
          digests.length === 1
            ? `\`${digests[0]}\` (all)`
            : Object.entries(a.digests)
                .map(([t, d]) => `${t}: \`${d}\``)
                .join(', '),
        ];
      }),
    ),
  );
  for (const a of results.answers.filter((x) => x.status === 'mismatch')) {
    blocks.push(paragraph(`**${a.query}**: answers differ between targets${a.differences?.length ? ':' : ' (no differing rows recorded).'}`));
    if (a.differences?.length) blocks.push(list(a.differences.map((d) => `\`${d}\``)));
  }
  return blocks;
}
