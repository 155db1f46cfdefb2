/**
 * Self-benchmark of the harness's own data path (npm run bench:self). Not a test: it prints
 * figures and PASS/MISS against the targets the design sets for generation and encoding, so
 * that the harness is shown never to be the bottleneck it measures:
 *
 *   1. streaming 10M rows through generation + COPY encoding keeps RSS flat and below 200 MB
 *      (run first, in a fresh process, so the RSS figures are the data path's own);
 *   2. generation + COPY text encoding of market_price_ticks on one core >= 1,000,000 rows/s
 *      (tinybench loop, median per batch).
 *
 * "On one core" is measured in CPU time of this process (process.cpuUsage, which includes
 * V8's GC helper threads), so other processes competing for the machine do not distort it;
 * wall-clock figures are printed beside it. Line-protocol encoding rates are printed too.
 *
 *   node --import tsx scripts/self-bench.ts [--rows 10000000] [--batch 10000] [--time 3000]
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { TABLES } from '../bench/core/tables.js';
import type { Row } from '../bench/core/tables.js';
import { encodeCopyText } from '../bench/engines/postgres/encode.js';
import { encodeLineProtocol } from '../bench/engines/influxdb/line-protocol.js';
import { defaultShape, generateBatches } from '../bench/generate/index.js';
import type { StreamSpec } from '../bench/generate/index.js';

const TARGET_ROWS_PER_SEC = 1_000_000;
const TARGET_PEAK_RSS = 200 * 1024 * 1024;
/** "Flat": RSS at the end may exceed RSS after the first tenth of the stream by at most this. */
const FLAT_RSS_TOLERANCE = 32 * 1024 * 1024;
const RSS_SAMPLE_MS = 100;

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    batch: { type: 'string', default: '10000' },
    time: { type: 'string', default: '3000' },
  },
});
const streamRows = Number(args.rows);
const batchSize = Number(args.batch);
const benchTimeMs = Number(args.time);
if (!(streamRows > 0 && batchSize > 0 && benchTimeMs > 0)) throw new Error('--rows, --batch and --time must be positive numbers');

const table = TABLES.market_price_ticks;
const ANCHOR_MS = Date.UTC(2025, 0, 1);
const DAY_MS = 86_400_000;

function ticksSpec(rows: number, stream: string): StreamSpec {
  return {
    table: 'market_price_ticks',
    seed: 1,
    stream,
    shape: defaultShape('market_price_ticks'),
    anchorMs: ANCHOR_MS,
    startMs: ANCHOR_MS - 7 * DAY_MS,
    endMs: ANCHOR_MS,
    rows,
  };
}

/** CPU time of this process in ms (user + system, all threads). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const rate = (rowsPerSec: number) => `${Math.round(rowsPerSec).toLocaleString('en-US')} rows/s`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** An endless source of ticks batches (restarts the stream when it ends). */
function endlessBatches(): () => Row[] {
  const perStream = 2_000_000;
  let round = 0;
  let source = generateBatches(ticksSpec(perStream, `self-bench-${round}`), batchSize);
  return () => {
    let r = source.next();
    if (r.done) {
      round++;
      source = generateBatches(ticksSpec(perStream, `self-bench-${round}`), batchSize);
      r = source.next();
    }
    return r.value as Row[];
  };
}

async function loopBenchmarks(): Promise<Map<string, { cpu: number; wall: number; samples: number }>> {
  const nextBatch = endlessBatches();
  const fixedBatch = nextBatch();
  const tasks: [string, () => void][] = [
    ['generate', () => void nextBatch()],
    ['generate + COPY text', () => void encodeCopyText(table, nextBatch())],
    ['generate + line protocol', () => void encodeLineProtocol(table, nextBatch())],
    ['COPY text only', () => void encodeCopyText(table, fixedBatch)],
    ['line protocol only', () => void encodeLineProtocol(table, fixedBatch)],
  ];
  const results = new Map<string, { cpu: number; wall: number; samples: number }>();
  // Same tasks twice: once timed with this process's CPU clock, once with the wall clock.
  for (const clock of ['cpu', 'wall'] as const) {
    const bench = new Bench({
      time: benchTimeMs,
      warmupTime: 500,
      throws: true,
      ...(clock === 'cpu' ? { now: cpuMs } : {}),
    });
    for (const [name, fn] of tasks) bench.add(name, fn);
    await bench.run();
    for (const task of bench.tasks) {
      const latency = task.result?.latency;
      const ms = latency?.p50 ?? latency?.mean;
      if (!ms) throw new Error(`tinybench gave no result for ${task.name}`);
      const entry = results.get(task.name) ?? { cpu: 0, wall: 0, samples: 0 };
      entry[clock] = (fixedBatch.length / ms) * 1000;
      entry.samples += latency?.samples.length ?? 0;
      results.set(task.name, entry);
    }
  }
  return results;
}

interface StreamFigures {
  rows: number;
  bytes: number;
  wallMs: number;
  cpuMs: number;
  rssStart: number;
  rssAfterTenth: number;
  rssPeak: number;
  rssEnd: number;
  samples: number;
}

function streamTenMillion(): StreamFigures {
  const rssStart = process.memoryUsage.rss();
  let rssPeak = rssStart;
  let rssAfterTenth = 0;
  let samples = 1;
  let nextSample = performance.now() + RSS_SAMPLE_MS;
  let rows = 0;
  let bytes = 0;
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  for (const batch of generateBatches(ticksSpec(streamRows, 'self-bench-stream'), batchSize)) {
    bytes += encodeCopyText(table, batch).length;
    rows += batch.length;
    const now = performance.now();
    if (now >= nextSample) {
      const rss = process.memoryUsage.rss();
      if (rss > rssPeak) rssPeak = rss;
      samples++;
      nextSample = now + RSS_SAMPLE_MS;
    }
    if (rssAfterTenth === 0 && rows >= streamRows / 10) rssAfterTenth = process.memoryUsage.rss();
  }
  const wallMs = performance.now() - wall0;
  const cpuUsed = cpuMs() - cpu0;
  const rssEnd = process.memoryUsage.rss();
  return { rows, bytes, wallMs, cpuMs: cpuUsed, rssStart, rssAfterTenth, rssPeak: Math.max(rssPeak, rssEnd), rssEnd, samples: samples + 1 };
}

async function main(): Promise<void> {
  const load = loadavg()[0];
  const cores = cpus().length;
  console.log(`tsdb-bench self-benchmark: market_price_ticks, batches of ${batchSize.toLocaleString('en-US')} rows`);
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores, load average ${load.toFixed(2)}, Node ${process.version}`);
  if (load > cores) console.log(`note: load average ${load.toFixed(2)} exceeds ${cores} cores; wall-clock figures are depressed, CPU-time figures much less so`);

  console.log(`\n1) streaming ${streamRows.toLocaleString('en-US')} rows (generate + COPY text, RSS sampled every ~${RSS_SAMPLE_MS} ms)`);
  const s = streamTenMillion();
  const streamCpuRate = (s.rows / s.cpuMs) * 1000;
  console.log(`   rows ${s.rows.toLocaleString('en-US')}, COPY bytes ${mb(s.bytes)} (${(s.bytes / s.rows).toFixed(1)} B/row)`);
  console.log(`   ${rate(streamCpuRate)} per CPU second, ${rate((s.rows / s.wallMs) * 1000)} wall (${(s.wallMs / 1000).toFixed(1)} s)`);
  console.log(`   RSS start ${mb(s.rssStart)}, after 10% ${mb(s.rssAfterTenth)}, peak ${mb(s.rssPeak)}, end ${mb(s.rssEnd)} (${s.samples} samples)`);

  console.log(`\n2) loop benchmarks (tinybench, median per batch, ${benchTimeMs} ms per task and clock)`);
  const loops = await loopBenchmarks();
  for (const [name, r] of loops) {
    console.log(`   ${name.padEnd(26)} ${rate(r.cpu).padStart(20)} per CPU second   ${rate(r.wall).padStart(20)} wall`);
  }
  const copyRate = loops.get('generate + COPY text')!.cpu;

  const rateOk = copyRate >= TARGET_ROWS_PER_SEC;
  const peakOk = s.rssPeak < TARGET_PEAK_RSS;
  const flatOk = s.rssEnd - s.rssAfterTenth <= FLAT_RSS_TOLERANCE;
  console.log('\ntargets');
  console.log(`   ${verdict(rateOk)}  generation + COPY text on one core: ${rate(copyRate)} (target >= ${rate(TARGET_ROWS_PER_SEC)}; 10M stream: ${rate(streamCpuRate)})`);
  console.log(`   ${verdict(peakOk)}  peak RSS while streaming: ${mb(s.rssPeak)} (target < ${mb(TARGET_PEAK_RSS)})`);
  console.log(`   ${verdict(flatOk)}  RSS flat: end - after 10% = ${mb(s.rssEnd - s.rssAfterTenth)} (target <= ${mb(FLAT_RSS_TOLERANCE)})`);
  console.log(
    `   info  line protocol: ${rate(loops.get('generate + line protocol')!.cpu)} generate + encode, ${rate(loops.get('line protocol only')!.cpu)} encode only (per CPU second)`,
  );
  process.exitCode = rateOk && peakOk && flatOk ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 2;
});
