/**
 * Deadlines (issue 12 item 2): an engine that stops answering (its server SIGSTOPped in the
 * middle of a load) fails the operation with one line naming the bound, instead of hanging;
 * a server process that exits is named by the runtime's `died`. Real servers, a small bound
 * (5 s, through configureDeadlines, the override TSDB_BENCH_OP_TIMEOUT also sets).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { needs } from '../helpers/require.js';
import type { EngineContext } from '../../bench/core/engine.js';
import type { RunningServer, ServerRequest } from '../../bench/core/runtime.js';
import type { Scenario } from '../../bench/core/scenario.js';
import { silentLogger } from '../../bench/core/log.js';
import { configureDeadlines, EngineStoppedResponding } from '../../bench/core/deadlines.js';
import { engine as postgres } from '../../bench/engines/postgres/index.js';
import { engine as influxdb } from '../../bench/engines/influxdb/index.js';
import { postgresqlNative } from '../../bench/runtimes/native/postgresql.js';
import { influxdbNative } from '../../bench/runtimes/native/influxdb.js';
import { defaultShape, generateBatches } from '../../bench/generate/index.js';

const A = Date.UTC(2024, 2, 10);
const DAY = 86_400_000;
const scenario = { name: 'robust-deadlines', dataset: { seed: 3, anchorMs: A } } as unknown as Scenario;
const BOUND_MS = 5_000;

function request(family: 'postgresql' | 'influxdb'): ServerRequest {
  return {
    engine: family === 'postgresql' ? 'postgres' : 'influxdb',
    family,
    requirements: {},
    options: { settings: {}, options: {} },
    scenario,
    runId: `deadline${process.pid}`,
    log: silentLogger,
    signal: new AbortController().signal,
    flags: {},
  };
}

function context(): EngineContext {
  return { scenario, runId: `deadline${process.pid}`, options: { settings: {}, options: {} }, log: silentLogger, signal: new AbortController().signal };
}

const ticks = (rows: number) =>
  generateBatches(
    { table: 'market_price_ticks', seed: 42, stream: 'preload', shape: defaultShape('market_price_ticks'), anchorMs: A, startMs: A - 7 * DAY, endMs: A, rows },
    1_000,
  );

/** The process and all its descendants (from /proc). */
function processTree(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [p, pp] of parent) if (pp === out[i]) out.push(p);
  return out;
}

function signalTree(pids: number[], signal: NodeJS.Signals): void {
  for (const p of pids) {
    try {
      process.kill(p, signal);
    } catch {
      /* gone */
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

before(() => configureDeadlines({ opTimeoutMs: BOUND_MS }));
after(() => configureDeadlines({}));

test('a SIGSTOPped native PostgreSQL fails the COPY preload within the bound, with one line', { timeout: 120_000 }, async (t) => {
  const probe = await postgresqlNative.probe(request('postgresql'));
  if (!needs(t, probe.available, probe.reason)) return;
  const server: RunningServer = await postgresqlNative.start(request('postgresql'));
  const pid = Number(server.details.pid);
  const dir = String(server.details.dataDir).replace(/\/data$/, '');
  let stopped: number[] = [];
  try {
    const session = await postgres.open(server.endpoint, context());
    await session.createTables(['market_price_ticks']);
    const writer = await session.writer('market_price_ticks', 'copy');
    let written = 0;
    const failure = (async () => {
      for (const rows of ticks(200_000)) {
        if (written === 3_000) {
          // Mid-preload: the postmaster and every backend stop answering (no FIN, no RST).
          stopped = processTree(pid);
          signalTree(stopped, 'SIGSTOP');
        }
        await writer.write(writer.encode(rows));
        written += rows.length;
      }
    })();
    await assert.rejects(failure, (err: Error) => {
      assert.ok(err instanceof EngineStoppedResponding, `${err.name}: ${err.message}`);
      assert.equal(err.message, 'engine stopped responding (no answer to a COPY batch within 5 s)');
      assert.ok(!err.message.includes('\n'), 'one line');
      return true;
    });
    assert.equal(written, 3_000, 'the batches before the stop were acknowledged, none after');
    // Later calls fail at once with the same reason; closing does not hang on the dead server.
    await assert.rejects(writer.write(writer.encode([...ticks(10)][0])), /engine stopped responding/);
    await writer.close();
    const counted = session.count('market_price_ticks');
    await assert.rejects(counted, /engine stopped responding \(no answer to a (statement|connection request).* within 5 s\)/);
    await session.close().catch(() => {});
  } finally {
    signalTree(stopped, 'SIGCONT');
    await server.stop();
  }
  assert.equal(alive(pid), false, 'the postmaster is gone after stop()');
  assert.equal(existsSync(dir), false, 'the temp dir is gone');
});

test('a native PostgreSQL that exits is named by died', { timeout: 60_000 }, async (t) => {
  const probe = await postgresqlNative.probe(request('postgresql'));
  if (!needs(t, probe.available, probe.reason)) return;
  const server = await postgresqlNative.start(request('postgresql'));
  try {
    assert.ok(server.died, 'the native runtime exposes died');
    process.kill(Number(server.details.pid), 'SIGKILL');
    // The server's child handle is unref'd (it never keeps the harness alive): hold the loop.
    const keepAlive = setInterval(() => {}, 1_000);
    try {
      assert.equal(await server.died!, 'postgres server process exited (killed by SIGKILL)');
    } finally {
      clearInterval(keepAlive);
    }
  } finally {
    await server.stop();
  }
});

test('a SIGSTOPped influxd fails the write within the bound; stop() still removes it', { timeout: 120_000 }, async (t) => {
  const probe = await influxdbNative.probe(request('influxdb'));
  if (!needs(t, probe.available, probe.reason)) return;
  const server = await influxdbNative.start(request('influxdb'));
  const pid = Number(server.details.pid);
  const dir = String(server.details.dir);
  let stopped = false;
  try {
    const session = await influxdb.open(server.endpoint, context());
    await session.createTables(['market_price_ticks']);
    const writer = await session.writer('market_price_ticks', 'copy');
    const [first, second] = [...ticks(2_000)];
    await writer.write(writer.encode(first));
    process.kill(pid, 'SIGSTOP');
    stopped = true;
    await assert.rejects(writer.write(writer.encode(second)), (err: Error) => {
      assert.equal(err.message, 'engine stopped responding (no answer to an InfluxDB write within 5 s)');
      return true;
    });
    await writer.close().catch(() => {});
  } finally {
    if (stopped) process.kill(pid, 'SIGCONT');
    await server.stop();
  }
  assert.equal(alive(pid), false, 'influxd is gone after stop()');
  assert.equal(existsSync(dir), false, 'the temp dir is gone');
});

test('a native influxd that exits is named by died', { timeout: 60_000 }, async (t) => {
  const probe = await influxdbNative.probe(request('influxdb'));
  if (!needs(t, probe.available, probe.reason)) return;
  const server = await influxdbNative.start(request('influxdb'));
  try {
    assert.ok(server.died, 'the native runtime exposes died');
    process.kill(Number(server.details.pid), 'SIGKILL');
    const keepAlive = setInterval(() => {}, 1_000); // the child handle is unref'd
    try {
      assert.equal(await server.died!, 'influxd server process exited (killed by SIGKILL)');
    } finally {
      clearInterval(keepAlive);
    }
  } finally {
    await server.stop();
  }
  assert.equal(existsSync(String(server.details.dir)), false);
});
