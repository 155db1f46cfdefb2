/**
 * The report section of a merged sharded run (results.shards, written by `merge`) or of one
 * shard's own run (results.shard): how many shards, their start, rows and the union check.
 */
import type { Results } from '../../core/results.js';
import { heading, paragraph, table, type Block } from '../document.js';
import type { MergedShards } from '../../shard/merge.js';
import type { ShardRecord } from '../../shard/record.js';

export function shardBlocks(results: Results): Block[] {
  const merged = results.shards as MergedShards | undefined;
  const own = results.shard as ShardRecord | undefined;
  if (merged) {
    const rows = merged.shards.map((s) => [
      String(s.index),
      s.status,
      s.rows.toLocaleString('en-US'),
      s.start?.startedAt ?? '—',
      s.start ? `${s.start.lateMs} ms${s.start.late ? ` — LATE (bound ${s.start.lateBoundMs} ms)` : ''}` : '—',
      s.start?.clock ? `${s.start.clock.offsetMs >= 0 ? '+' : ''}${s.start.clock.offsetMs} ms ± ${s.start.clock.uncertaintyMs}` : 'not measured',
      s.dir,
    ]);
    const union = (merged.union ?? []).map(
      (u) => `${u.target} ${u.table}: ${u.counted.toLocaleString('en-US')} of ${u.expected.toLocaleString('en-US')} rows${u.complete ? '' : ' (INCOMPLETE)'}`,
    );
    return [
      heading(2, `Sharded run: ${merged.count} shards, merged`),
      paragraph(
        `${merged.count} shard processes wrote disjoint key ranges of one dataset from one start instant; their results were merged exactly (HDR histograms added, counters summed, throughput on the wall clock) and every claim below is evaluated on the merged figures. ` +
          `Union of the shards' rows: keyed fingerprint \`${merged.unionKeyedFingerprint.slice(0, 19)}…\` ${merged.unionKeyedFingerprint === merged.wholeKeyedFingerprint ? "= the whole dataset's" : "≠ the whole dataset's"}` +
          `${union.length ? `; counted by shard 0 in the engine before its single-writer phases: ${union.join('; ')}` : ''}.`,
      ),
      table(['Shard', 'Status', 'Rows written', 'Started', 'Late after --start-at', 'Clock vs target', 'Results'], rows, [
        'right',
        'left',
        'right',
        'left',
        'left',
        'right',
        'left',
      ]),
      paragraph(
        merged.clockSpread
          ? `Clocks: each shard read the target server's clock when it connected (NTP-style, the reading with the shortest round trip; ± is half that round trip). The shards' clocks were ${merged.clockSpread.spreadMs} ms apart (± ${merged.clockSpread.uncertaintyMs} ms), so their lateness figures compare to within that.`
          : "Clocks: the engine offers no clock reading (or fewer than two shards measured one), so how far apart the shards' clocks were is not measured; lateness is each shard's own clock against --start-at.",
      ),
    ];
  }
  if (own) {
    return [
      heading(2, `Shard ${own.index} of ${own.count} (not merged)`),
      paragraph(
        `This is one shard's part of a sharded run: its figures cover only its keys (${own.streams.reduce((a, s) => a + s.rows, 0).toLocaleString('en-US')} rows). Combine all shards with \`tsdb-bench merge <shard dirs...> --out <dir>\`; claims are meaningful only on the merged results.`,
      ),
    ];
  }
  return [];
}
