/**
 * The two ways of writing a stream, shared by every write phase:
 * - closed loop (preload, growth): each worker sends its next batch as soon as the previous one
 *   is acknowledged — maximum throughput;
 * - open loop (ingest, saturate, mixed): batch i is due at t0 + i * batchSize / rate whatever
 *   happened before; latency is measured from that scheduled time (no coordinated omission),
 *   lag = actual start - scheduled start, and a batch that cannot start within maxLagMs is
 *   dropped and counted, never silently skipped.
 * Batches come from a BatchFeed (./feed.ts): generated and encoded a few batches ahead in a
 * worker thread when the writers allow it, so the engine does not wait for the harness; never
 * inside a timed section. Their CPU time is measured (harnessMs) and turned into the harness
 * ceiling (rows/s the harness can generate + encode at), reported beside the engine's rate so
 * a reader can see the harness was not the bottleneck.
 */
import type { EncodedBatch, TableWriter } from '../../core/engine.js';
import type { LatencySummary, ThroughputPoint } from '../../core/results.js';
import type { BatchSource } from '../../generate/types.js';
import { LatencyHistogram } from '../../measure/histogram.js';
import { epochMsOf, nowMs, sleepUntil, yieldToEventLoop } from '../../measure/clock.js';
import { harnessCeiling, openFeed, type BatchFeed, type FeedOptions } from './feed.js';
import { IntervalCounter } from './intervals.js';

export interface LoopProgress {
  (rowsDone: number): void;
}

export interface ClosedLoopResult {
  rows: number;
  batches: number;
  seconds: number;
  rowsPerSec: number;
  batchLatency: LatencySummary;
  intervals: ThroughputPoint[];
  /** Time spent generating + encoding batches (harness CPU), ms. */
  harnessMs: number;
  /** Rows/s the harness generated + encoded at in this run (rows / harnessMs); null without data. */
  harnessCeilingRowsPerSec: number | null;
  /** Where batches were encoded: 'worker' thread (ahead of the writers) or 'inline' (in series). */
  encoding: BatchFeed['mode'];
  /** Every row was encoded before the clock started: the harness could not hold the engine back. */
  encodedBeforeClock: boolean;
  /**
   * 'per batch': each batch is its own statement, batchLatency is send -> acknowledgement.
   * 'per stream': one statement per writer (COPY kept open); batchLatency is the time the
   * connection took to accept a batch, and the rate's end is the stream's acknowledgement.
   */
  acknowledgement: 'per batch' | 'per stream';
  /** Wall-clock epoch ms of t0 (the intervals' origin): shards' intervals are aligned on it. */
  startEpochMs: number;
}

export interface OpenLoopResult {
  targetRate: number;
  /** Rows written whose scheduled time is after the warm-up. */
  measuredRows: number;
  rows: number;
  batches: number;
  /**
   * Achieved rows/s of the measured batches, from their acknowledgements: rows acknowledged
   * after the first measured acknowledgement / time from it to the last one. Keeping up gives
   * the target rate (acknowledgements arrive one batch period apart, whatever the latency);
   * falling behind spaces them by the service time and lowers it. Never above the target:
   * the span is at least the schedule's.
   */
  achievedRate: number;
  seconds: number;
  /** Latency from each batch's scheduled start to its acknowledgement. */
  latency: LatencySummary;
  /** Service time: from actual send to acknowledgement. */
  serviceTime: LatencySummary;
  /** Start lag: actual send - scheduled start. */
  lag: LatencySummary;
  /** Batches started later than one batch period after their scheduled time. */
  lateBatches: number;
  droppedBatches: number;
  droppedRows: number;
  /** Lag of the last quarter minus lag of the first quarter of measured batches (ms): growth = falling behind. */
  lagGrowthMs: number;
  intervals: ThroughputPoint[];
  harnessMs: number;
  /** Rows/s the harness generated + encoded at in this run (rows / harnessMs); null without data. */
  harnessCeilingRowsPerSec: number | null;
  encoding: BatchFeed['mode'];
  /** Every row was encoded before the clock started: the harness could not hold the engine back. */
  encodedBeforeClock: boolean;
  /** Wall-clock epoch ms of t0 (the intervals' origin): shards' intervals are aligned on it. */
  startEpochMs: number;
}

/** Encoded bytes a closed loop may hold ahead of its writers. */
export const CLOSED_LOOP_AHEAD_BYTES = 256 * 2 ** 20;

/** What both loops report about the feed: when the clock started and what the harness cost. */
function feedFigures(feed: BatchFeed, t0: number) {
  return {
    startEpochMs: epochMsOf(t0),
    harnessMs: feed.harnessMs,
    harnessCeilingRowsPerSec: harnessCeiling(feed),
    encoding: feed.mode,
    encodedBeforeClock: feed.encodedBeforeStart,
  };
}

function assertNotAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

export async function closedLoop(opts: {
  source: BatchSource;
  writers: TableWriter[];
  intervalMs: number;
  signal: AbortSignal;
  onProgress?: LoopProgress;
  /** Passed to openFeed (tests: offThread false). */
  feed?: FeedOptions;
  /** false: one statement per batch even when the writers can stream (default true). */
  stream?: boolean;
}): Promise<ClosedLoopResult> {
  const hist = new LatencyHistogram();
  // Up to CLOSED_LOOP_AHEAD_BYTES are encoded before the clock starts (for 1M ticks that is
  // all of them, ~70 MB), so the encoder thread does not take CPU from the server while
  // it loads, as psql \copy of a file would not.
  const feed = openFeed(opts.source, opts.writers, { ahead: Infinity, aheadBytes: CLOSED_LOOP_AHEAD_BYTES, prefill: true, ...opts.feed });
  try {
    // The clock starts at the first send, not while the encoder thread starts and fills up.
    await feed.prime();
    const t0 = nowMs();
    const counter = new IntervalCounter(t0, opts.intervalMs);
    let rows = 0;
    let batches = 0;
    // One COPY per writer for all its batches, as psql \copy sends a file: no statement, round
    // trip and commit (WAL flush) per batch. An error anywhere fails the whole stream.
    const streaming = opts.stream !== false && opts.writers.every((w) => w.openStream);

    const worker = async (writer: TableWriter): Promise<void> => {
      const stream = streaming ? writer.openStream!() : undefined;
      const send = stream ? (b: EncodedBatch) => stream.write(b) : (b: EncodedBatch) => writer.write(b);
      for (;;) {
        assertNotAborted(opts.signal);
        const encoded = await feed.next(writer);
        if (!encoded) {
          await stream?.end();
          return;
        }
        const start = nowMs();
        await send(encoded);
        const end = nowMs();
        hist.recordMs(end - start);
        rows += encoded.rows;
        batches++;
        counter.add(end, encoded.rows);
        opts.onProgress?.(rows);
        await yieldToEventLoop();
      }
    };
    await Promise.all(opts.writers.map(worker));
    const end = nowMs();
    const seconds = (end - t0) / 1000;
    return {
      rows,
      batches,
      seconds,
      rowsPerSec: rows / Math.max(seconds, 1e-9),
      batchLatency: hist.summary(),
      intervals: counter.points(end),
      ...feedFigures(feed, t0),
      acknowledgement: streaming ? 'per stream' : 'per batch',
    };
  } finally {
    await feed.close();
  }
}

export async function openLoop(opts: {
  source: BatchSource;
  writers: TableWriter[];
  /** Rows per second. */
  rate: number;
  batchSize: number;
  warmupMs: number;
  maxLagMs: number;
  intervalMs: number;
  /**
   * Wall-clock phase of the schedule (shards of one run): t0 is put on the grid of instants
   * whose epoch ms ≡ scheduleOffsetMs (mod batch period), so shard i's batches fall between
   * the other shards' instead of on top of them.
   */
  scheduleOffsetMs?: number;
  signal: AbortSignal;
  onProgress?: LoopProgress;
  feed?: FeedOptions;
}): Promise<OpenLoopResult> {
  const feed = openFeed(opts.source, opts.writers, opts.feed);
  try {
    // Encoder thread started before the schedule begins.
    await feed.prime();
    return await runOpenLoop(opts, feed);
  } finally {
    await feed.close();
  }
}

async function runOpenLoop(
  opts: {
    writers: TableWriter[];
    rate: number;
    batchSize: number;
    warmupMs: number;
    maxLagMs: number;
    intervalMs: number;
    scheduleOffsetMs?: number;
    signal: AbortSignal;
    onProgress?: LoopProgress;
  },
  feed: BatchFeed,
): Promise<OpenLoopResult> {
  const latency = new LatencyHistogram();
  const service = new LatencyHistogram();
  const lag = new LatencyHistogram();
  const periodMs = (opts.batchSize / opts.rate) * 1000;
  // Start a little in the future so every worker has its first batch encoded in time.
  let t0 = nowMs() + 50;
  if (opts.scheduleOffsetMs !== undefined) t0 += (((opts.scheduleOffsetMs - epochMsOf(t0)) % periodMs) + periodMs) % periodMs;
  const warmupEnd = t0 + opts.warmupMs;
  const counter = new IntervalCounter(t0, opts.intervalMs);
  const measuredLags: number[] = [];
  let index = 0;
  let rows = 0;
  let measuredRows = 0;
  let batches = 0;
  let late = 0;
  let droppedBatches = 0;
  let droppedRows = 0;
  let lastAck = t0;
  let firstAck = Infinity;
  let firstAckRows = 0;
  let measuredBatches = 0;

  const worker = async (writer: TableWriter): Promise<void> => {
    for (;;) {
      assertNotAborted(opts.signal);
      // Encoded (or taken from the encoder thread) before its scheduled time is known: never timed.
      const encoded = await feed.next(writer);
      if (!encoded) return;
      const scheduled = t0 + index++ * periodMs;
      await sleepUntil(scheduled, opts.signal);
      // Behind schedule sleepUntil returns at once: let timers and signals in regardless.
      if (nowMs() > scheduled + 1) await yieldToEventLoop();
      const start = nowMs();
      const startLag = start - scheduled;
      if (startLag > opts.maxLagMs) {
        droppedBatches++;
        droppedRows += encoded.rows;
        continue;
      }
      await writer.write(encoded);
      const end = nowMs();
      rows += encoded.rows;
      batches++;
      counter.add(end, encoded.rows);
      if (startLag > periodMs) late++;
      if (scheduled >= warmupEnd) {
        latency.recordMs(end - scheduled);
        service.recordMs(end - start);
        lag.recordMs(Math.max(0, startLag));
        measuredLags.push(Math.max(0, startLag));
        measuredRows += encoded.rows;
        measuredBatches++;
        if (end < firstAck) {
          firstAck = end;
          firstAckRows = encoded.rows;
        }
        lastAck = Math.max(lastAck, end);
      }
      opts.onProgress?.(rows + droppedRows);
    }
  };
  await Promise.all(opts.writers.map(worker));
  const end = nowMs();
  // With a single measured batch there is no interval: fall back to its schedule period.
  // Acknowledgements bunched up after a stall (catch-up) must not read as faster than the
  // schedule: the span is at least the time the schedule gave those batches.
  const scheduledSpanMs = Math.max(measuredBatches - 1, 1) * periodMs;
  const windowS = lastAck > firstAck ? Math.max(lastAck - firstAck, scheduledSpanMs) / 1000 : periodMs / 1000;
  const achievedRows = lastAck > firstAck ? measuredRows - firstAckRows : measuredRows;
  const q = Math.max(1, Math.floor(measuredLags.length / 4));
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    targetRate: opts.rate,
    measuredRows,
    rows,
    batches,
    achievedRate: achievedRows / windowS,
    seconds: (end - t0) / 1000,
    latency: latency.summary(),
    serviceTime: service.summary(),
    lag: lag.summary(),
    lateBatches: late,
    droppedBatches,
    droppedRows,
    lagGrowthMs: avg(measuredLags.slice(-q)) - avg(measuredLags.slice(0, q)),
    intervals: counter.points(end),
    ...feedFigures(feed, t0),
  };
}
