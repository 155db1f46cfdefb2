/**
 * Where the write loops get their next encoded batch from.
 *
 * Generating and encoding a batch costs about as much CPU as the server spends loading it
 * (DESIGN §9: 1.25–2.5 s per 1M rows). Done in series with a single writer, the server waits
 * for it. So, when it can, the feed generates and encodes in a worker thread, ahead of the
 * writers (./feed-worker.ts): the main thread only sends, and the engine never waits for the
 * harness unless the harness really is slower than the engine (the ceiling, reported beside
 * every throughput figure). With `prefill` (the closed loop) the thread first fills its whole
 * allowance, so on a small machine it does not take CPU from the server during the load.
 *
 * Off-thread needs a source that can be rebuilt in the worker (a fresh RowBatches: a stream
 * spec and a batch size) and writers whose encode() can be rebuilt there (TableWriter.encoder,
 * the same for every writer). Otherwise the feed encodes in this thread, in series.
 * Either way batches come out in the same order with the same bytes.
 */
import { Worker } from 'node:worker_threads';
import type { EncodedBatch, EncoderRef, TableWriter } from '../../core/engine.js';
import { RowBatches } from '../../generate/stream.js';
import type { BatchSource, StreamSpec } from '../../generate/types.js';
import { nowMs } from '../../measure/clock.js';
import { reviveBuffers } from './payload.js';

export interface BatchFeed {
  /** The next batch, encoded for `writer`; undefined once the source is exhausted. */
  next(writer: TableWriter): Promise<EncodedBatch | undefined>;
  /** Harness CPU time (ms) spent generating + encoding the batches handed out so far. */
  readonly harnessMs: number;
  /** Rows handed out so far. */
  readonly rows: number;
  /** 'worker' when batches are made in a worker thread, 'inline' when in series here. */
  readonly mode: 'worker' | 'inline';
  /** True when prime() found the whole stream already encoded (nothing left to encode while timed). */
  readonly encodedBeforeStart: boolean;
  /** Resolves once the first batch is ready (the worker started), so timing can start at the first send. */
  prime(): Promise<void>;
  /** Stops the worker (if any). Idempotent; call it whatever happened. */
  close(): Promise<void>;
}

export interface FeedOptions {
  /** Batches the worker may have ready beyond those handed out (default 2). */
  ahead?: number;
  /** Bytes the worker may have ready (default 64 MiB; at least one batch is always allowed). */
  aheadBytes?: number;
  /**
   * prime() waits until the worker is as far ahead as allowed (or done), not just for the first
   * batch: a closed loop then starts with a buffer, and the encoder thread does not compete with
   * the server for CPU while there is one.
   */
  prefill?: boolean;
  /** false: always encode in this thread (tests, comparison). */
  offThread?: boolean;
}

/** Rows/s the harness could generate + encode at, from what this feed measured (null without data). */
export function harnessCeiling(feed: Pick<BatchFeed, 'rows' | 'harnessMs'>): number | null {
  return feed.rows > 0 && feed.harnessMs > 0 ? feed.rows / (feed.harnessMs / 1000) : null;
}

export function openFeed(source: BatchSource, writers: readonly TableWriter[], options: FeedOptions = {}): BatchFeed {
  // TSDB_BENCH_ENCODE_THREAD=0: encode in series in this thread (to compare, or to rule the thread out).
  const inline = options.offThread === false || process.env.TSDB_BENCH_ENCODE_THREAD === '0';
  const encoder = inline ? undefined : sharedEncoder(writers);
  const spec = encoder ? rebuildableSource(source) : undefined;
  if (encoder && spec) {
    const init: WorkerInit = { spec: spec.spec, batchSize: spec.batchSize, encoder, ahead: Math.max(1, options.ahead ?? 2), aheadBytes: options.aheadBytes ?? 64 * 2 ** 20 };
    return new WorkerFeed(init, options.prefill === true);
  }
  return new InlineFeed(source);
}

/** The writers' common EncoderRef, or undefined when one lacks it or they differ. */
function sharedEncoder(writers: readonly TableWriter[]): EncoderRef | undefined {
  const first = writers[0]?.encoder;
  if (!first) return undefined;
  const key = JSON.stringify(first);
  return writers.every((w) => w.encoder && JSON.stringify(w.encoder) === key) ? first : undefined;
}

/** A RowBatches nothing has been taken from yet can be regenerated from its spec elsewhere. */
function rebuildableSource(source: BatchSource): { spec: StreamSpec; batchSize: number } | undefined {
  if (!(source instanceof RowBatches) || source.remaining !== source.spec.rows) return undefined;
  return { spec: source.spec, batchSize: source.batchSize };
}

/** Generates and encodes in series, in this thread (the loops' original behaviour). */
class InlineFeed implements BatchFeed {
  harnessMs = 0;
  rows = 0;
  readonly mode = 'inline' as const;
  readonly encodedBeforeStart = false;
  private exhausted = false;

  constructor(private readonly source: BatchSource) {}

  async next(writer: TableWriter): Promise<EncodedBatch | undefined> {
    if (this.exhausted) return undefined;
    const h0 = nowMs();
    const next = this.source.next();
    if (next.done) {
      this.exhausted = true;
      return undefined;
    }
    const encoded = writer.encode(next.value);
    this.harnessMs += nowMs() - h0;
    this.rows += encoded.rows;
    return encoded;
  }

  async prime(): Promise<void> {}

  async close(): Promise<void> {}
}

/** Messages from ./feed-worker.ts. */
export type WorkerMessage =
  | { type: 'batch'; batch: EncodedBatch; harnessMs: number }
  | { type: 'done' }
  /** The worker reached its ahead limits (sent once). */
  | { type: 'full' }
  | { type: 'error'; message: string };

/** The worker's start parameters (workerData). */
export interface WorkerInit {
  spec: StreamSpec;
  batchSize: number;
  encoder: EncoderRef;
  ahead: number;
  aheadBytes: number;
}

const WORKER_ENTRY = new URL('./feed-worker-entry.mjs', import.meta.url);

class WorkerFeed implements BatchFeed {
  harnessMs = 0;
  rows = 0;
  readonly mode = 'worker' as const;
  encodedBeforeStart = false;
  private readonly worker: Worker;
  private readonly ready: WorkerMessage[] = [];
  private readonly waiting: { resolve: (m: WorkerMessage) => void }[] = [];
  private failure: Error | null = null;
  private finished = false;
  private closed: Promise<void> | null = null;
  private full = false;
  private onFull: (() => void)[] = [];

  constructor(
    init: WorkerInit,
    private readonly prefill: boolean,
  ) {
    this.worker = new Worker(WORKER_ENTRY, { workerData: init });
    this.worker.on('message', (m: WorkerMessage) => this.deliver(m));
    this.worker.on('error', (err) => this.fail(err instanceof Error ? err : new Error(String(err))));
    this.worker.on('exit', (code) => {
      if (!this.finished && !this.closed) this.fail(new Error(`batch encoder thread exited (code ${code}) before the stream ended`));
    });
  }

  private deliver(m: WorkerMessage): void {
    if (m.type === 'full' || m.type === 'done' || m.type === 'error') {
      this.full = true;
      for (const f of this.onFull.splice(0)) f();
      if (m.type === 'full') return;
    }
    if (m.type === 'done') this.finished = true;
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve(m);
    else this.ready.push(m);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.deliver({ type: 'error', message: err.message });
  }

  private take(): Promise<WorkerMessage> {
    const m = this.ready.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve) => this.waiting.push({ resolve }));
  }

  async prime(): Promise<void> {
    if (this.prefill && !this.full) await new Promise<void>((resolve) => this.onFull.push(resolve));
    const m = await this.take();
    this.ready.unshift(m);
    this.encodedBeforeStart = this.finished;
  }

  async next(): Promise<EncodedBatch | undefined> {
    if (this.closed) throw new Error('batch feed is closed');
    const m = await this.take();
    if (m.type === 'error') {
      // Later callers (other writers) see the same error, not a hang.
      this.ready.unshift(m);
      throw this.failure ?? new Error(m.message);
    }
    if (m.type !== 'batch') {
      this.ready.unshift(m);
      return undefined;
    }
    this.worker.postMessage(m.batch.bytes);
    this.harnessMs += m.harnessMs;
    this.rows += m.batch.rows;
    return { ...m.batch, payload: reviveBuffers(m.batch.payload) };
  }

  close(): Promise<void> {
    this.closed ??= this.worker.terminate().then(() => undefined);
    return this.closed;
  }
}
