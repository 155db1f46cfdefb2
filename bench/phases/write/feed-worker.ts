/**
 * The batch encoder thread of ./feed.ts: regenerates the stream from its spec, encodes each
 * batch with the writer's encoder (rebuilt from its EncoderRef) and posts it, keeping at most
 * `ahead` batches and `aheadBytes` bytes ready beyond those the main thread took (always at
 * least one; the main thread posts each taken batch's byte count); says 'full' once when it
 * first reaches a limit (or the end).
 * Each batch carries the time spent generating + encoding it (the harness ceiling's input).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EncodedBatch } from '../../core/engine.js';
import type { Row } from '../../core/tables.js';
import { generateBatches } from '../../generate/stream.js';
import { nowMs } from '../../measure/clock.js';
import type { WorkerInit, WorkerMessage } from './feed.js';
import { transferables } from './payload.js';

const port = parentPort!;
const init = workerData as WorkerInit;

function post(m: WorkerMessage): void {
  port.postMessage(m, m.type === 'batch' ? transferables(m.batch.payload) : []);
}

async function main(): Promise<void> {
  const mod = (await import(init.encoder.module)) as Record<string, unknown>;
  const factory = mod[init.encoder.factory];
  if (typeof factory !== 'function') throw new Error(`${init.encoder.module} has no encoder factory '${init.encoder.factory}'`);
  const encode = (factory as (args: unknown) => (rows: readonly Row[]) => EncodedBatch)(init.encoder.args);
  const source = generateBatches(init.spec, init.batchSize);
  let readyBatches = 0;
  let readyBytes = 0;
  let exhausted = false;
  let scheduled = false;
  let saidFull = false;
  const canProduce = (): boolean => !exhausted && (readyBatches === 0 || (readyBatches < init.ahead && readyBytes < init.aheadBytes));

  const pump = (): void => {
    scheduled = false;
    if (!canProduce()) {
      if (!saidFull && !exhausted) post({ type: 'full' });
      saidFull = true;
      return;
    }
    const h0 = nowMs();
    const next = source.next();
    if (next.done) {
      exhausted = true;
      post({ type: 'done' });
      return;
    }
    const batch = encode(next.value);
    readyBatches++;
    readyBytes += batch.bytes;
    post({ type: 'batch', batch, harnessMs: nowMs() - h0 });
    // One batch per turn, so credit messages are taken in between.
    schedule();
  };
  const schedule = (): void => {
    if (scheduled || exhausted) return;
    scheduled = true;
    setImmediate(pump);
  };
  port.on('message', (m: unknown) => {
    if (typeof m === 'number') {
      readyBatches--;
      readyBytes -= m;
      schedule();
    }
  });
  schedule();
}

main().catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
