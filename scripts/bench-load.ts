/**
 * `npm run bench:load [-- --rows 200000 --rounds 5 --engines postgres,timescaledb,influxdb]`
 *
 * Is the harness's preload measuring the engine? Per engine, on ONE native server, alternately
 * (A B, B A, A B, ...): the harness's preload phase of `10k-ticks` (its own code path: truncate,
 * closed loop, count check) and an independent loader of exactly the same rows — the file
 * written by `tsdb-bench generate` (same fingerprint):
 *   - PostgreSQL / TimescaleDB: `psql \copy <table> FROM <file>` into the same table, truncated
 *     before every load;
 *   - InfluxDB: curl POSTing the same line-protocol batches (same batch size, same /write
 *     path and precision, one connection; --parallel for more writers), database recreated
 *     before every load.
 * Independent loads are timed from the process's start to its exit (connection and startup
 * included); the harness from its first send to its last acknowledgement, as it reports.
 * Prints each round's rows/s, the ratio harness / independent per round, the median ratio,
 * min-max and a 95% t-interval of the log ratios. Servers and temp files are removed at the
 * end and on Ctrl-C. TimescaleDB runs only when the extension is installed natively.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { HttpEndpoint, SqlEndpoint } from '../bench/core/sql.js';
import { TABLES, type TableName } from '../bench/core/tables.js';
import type { Scenario } from '../bench/core/scenario.js';
import type { PreloadPhase } from '../bench/phases/preload/spec.js';
import { Fingerprinter, generateBatches } from '../bench/generate/index.js';
import { columnNames } from '../bench/engines/postgres/ddl.js';
import { encodeRows, plannedStream, writeStreamFile, type PlannedStream } from '../bench/commands/generate.js';
import { loadScenario } from '../bench/run/scenario.js';
import { InputError } from '../bench/core/errors.js';
import { ratioSummary } from './bench-load-stats.js';
import { nowMs } from '../bench/measure/clock.js';
import { probeTarget, startTarget, type StartedTarget } from '../test/helpers/target.js';

const { values: opts } = parseArgs({
  options: {
    rows: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    engines: { type: 'string', default: 'postgres,timescaledb,influxdb' },
    scenario: { type: 'string', default: '10k-ticks' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  process.stdout.write('usage: npm run bench:load -- [--rows N] [--rounds 5] [--engines postgres,timescaledb,influxdb] [--scenario 10k-ticks]\n');
  process.exit(0);
}
const rounds = Number(opts.rounds);
if (!Number.isInteger(rounds) || rounds < 2) fail('--rounds: give an integer >= 2');
const engines = opts.engines
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
for (const e of engines) if (!['postgres', 'timescaledb', 'influxdb'].includes(e)) fail(`--engines: unknown engine '${e}' (postgres, timescaledb, influxdb)`);

function fail(message: string): never {
  process.stderr.write(`bench:load: ${message}\n`);
  process.exit(2);
}

// ---- cleanup on every exit path ----
const started: StartedTarget[] = [];
const tempDir = mkdtempSync(join(tmpdir(), 'tsdb-bench-load-'));
const children = new Set<ReturnType<typeof spawn>>();
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of children) if (c.pid) c.kill('SIGTERM');
    for (const t of started) await t.stop().catch(() => {});
    rmSync(tempDir, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    process.stderr.write(`\n${sig}: stopping servers, removing ${tempDir}\n`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---- processes ----
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ ms: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    children.add(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const ms = nowMs() - t0;
      children.delete(child);
      if (code === 0) resolve({ ms, stderr });
      else reject(new Error(`${cmd} failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`));
    });
  });
}

// ---- the two loaders ----

/**
 * Before every load, on both sides: empty the table and let the server write out the previous
 * load (CHECKPOINT / cache flush), so a load never pays for the one before it.
 */
async function settle(target: StartedTarget, table: TableName): Promise<void> {
  await target.session.truncate(table);
  await target.session.flush();
}
interface Loader {
  name: string;
  /** Loads the rows once into an empty table; returns rows/s. */
  load(): Promise<number>;
  /** The same process doing no load (connect and exit), ms: shown so a reader can judge its share. */
  idleMs?(): Promise<number>;
}

function preloadSpec(scenario: Scenario): PreloadPhase {
  const spec = scenario.phases.find((p) => p.kind === 'preload') as PreloadPhase | undefined;
  if (!spec) fail(`scenario ${scenario.name} has no preload phase`);
  return spec;
}

function harnessLoader(target: StartedTarget, spec: PreloadPhase): Loader {
  return {
    name: 'harness',
    async load() {
      await settle(target, spec.table);
      const result = await target.runPhase(spec.id);
      const trial = result.trials[0] as {
        rowsPerSec: number;
        rows: number;
        countedRows: number;
        encoding?: string;
        acknowledgement?: string;
        harnessCeilingRowsPerSec?: number | null;
      };
      if (trial.countedRows !== spec.rows) throw new Error(`harness preload left ${trial.countedRows} rows, expected ${spec.rows}`);
      lastCeiling = trial.harnessCeilingRowsPerSec ?? null;
      lastEncoding = `${trial.encoding ?? '?'} encoding, ack ${trial.acknowledgement ?? '?'}`;
      return trial.rowsPerSec;
    },
  };
}
let lastCeiling: number | null = null;
let lastEncoding = '?';

async function psqlLoader(target: StartedTarget, planned: PlannedStream, file: string): Promise<Loader> {
  const endpoint = target.server.endpoint as SqlEndpoint;
  const port = Number(target.server.details.port);
  const bin = String(target.server.details.bin);
  // The harness's password never leaves it: psql logs in as a role made for this script.
  const role = 'bench_load_psql';
  const password = randomBytes(12).toString('hex');
  const admin = await endpoint.connect();
  try {
    await admin.exec(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${password}'`);
  } finally {
    await admin.close();
  }
  const table = planned.spec.table;
  const qualified = `"${target.session.info.namespace}"."${table}"`;
  const columns = columnNames(TABLES[table])
    .map((c) => `"${c}"`)
    .join(', ');
  const copy = `\\copy ${qualified} (${columns}) FROM '${file}'`;
  return {
    name: 'psql \\copy',
    async idleMs() {
      return (await run(join(bin, 'psql'), ['-X', '-q', '-h', '127.0.0.1', '-p', String(port), '-U', role, '-d', 'postgres', '-c', 'SELECT 1'], { PGPASSWORD: password })).ms;
    },
    async load() {
      await settle(target, table);
      const { ms } = await run(join(bin, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', role, '-d', 'postgres', '-c', copy], {
        PGPASSWORD: password,
      });
      const counted = await target.session.count(table);
      if (counted !== planned.rows) throw new Error(`psql \\copy left ${counted} rows, expected ${planned.rows}`);
      return planned.rows / (ms / 1000);
    },
  };
}

/** One line-protocol file per batch (the harness's batches) and a curl config POSTing them in order. */
function curlLoader(target: StartedTarget, planned: PlannedStream, spec: PreloadPhase): Loader {
  const endpoint = target.server.endpoint as unknown as HttpEndpoint;
  const table: TableName = planned.spec.table;
  const database = target.session.info.namespace.replace('<table>', table);
  const fp = new Fingerprinter(planned.spec.anchorMs);
  const lines: string[] = ['silent', 'show-error', 'fail'];
  if (spec.workers > 1) lines.push('parallel', `parallel-max = ${spec.workers}`);
  let i = 0;
  for (const batch of generateBatches(planned.spec, spec.batchSize)) {
    fp.update(batch);
    const file = join(tempDir, `batch-${String(i++).padStart(6, '0')}.lp`);
    writeFileSync(file, encodeRows(planned.spec, 'line', batch));
    if (i > 1) lines.push('next');
    lines.push(
      `url = "${endpoint.baseUrl}/write?db=${database}&precision=u"`,
      `data-binary = "@${file}"`,
      'header = "Content-Type: text/plain; charset=utf-8"',
      'output = "/dev/null"',
    );
    if (endpoint.username !== undefined && endpoint.password !== undefined) lines.push(`user = "${endpoint.username}:${endpoint.password}"`);
  }
  if (fp.digest() !== planned.fingerprint) throw new Error('line-protocol batches do not have the planned fingerprint');
  const config = join(tempDir, 'curl.config');
  writeFileSync(config, lines.join('\n') + '\n', { mode: 0o600 });
  return {
    name: `curl (${i} POSTs, ${spec.workers} at a time)`,
    async idleMs() {
      return (await run('curl', ['-s', '-f', '-o', '/dev/null', `${endpoint.baseUrl}/ping`])).ms;
    },
    async load() {
      await settle(target, table);
      const { ms } = await run('curl', ['-K', config]);
      const counted = await target.session.count(table);
      if (counted !== planned.rows) throw new Error(`curl left ${counted} points, expected ${planned.rows}`);
      return planned.rows / (ms / 1000);
    },
  };
}

// ---- one engine ----
async function benchEngine(engine: string): Promise<void> {
  const set = opts.rows ? [`phases[0].rows=${opts.rows}`] : [];
  const scenario = loadScenario(opts.scenario, { set, trials: 1, runtime: 'native' });
  const spec = preloadSpec(scenario);
  const probe = await probeTarget(scenario, engine, 'native');
  if (!probe.available) {
    process.stdout.write(`\n${engine}: skipped: ${probe.reason}\n`);
    return;
  }
  const target = await startTarget({ scenario, engine, runtime: 'native' });
  started.push(target);
  try {
    const planned = await plannedStream(scenario, spec.id);
    let independent: Loader;
    if (engine === 'influxdb') {
      independent = curlLoader(target, planned, spec);
    } else {
      const file = join(tempDir, `${engine}.copy`);
      const written = await writeStreamFile(planned.spec, 'copy', file);
      if (written.fingerprint !== planned.fingerprint) throw new Error('generated file does not have the planned fingerprint');
      independent = await psqlLoader(target, planned, file);
    }
    const harness = harnessLoader(target, spec);
    process.stdout.write(
      `\n${engine} native: ${planned.rows} rows, batch ${spec.batchSize}, ${spec.workers} writer(s) (${spec.method}); fingerprint ${planned.fingerprint.slice(0, 16)}\n` +
        `round  order      harness rows/s  ${independent.name.padEnd(24)} rows/s  ratio   harness ceiling\n`,
    );
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? [harness, independent] : [independent, harness];
      const rates = new Map<Loader, number>();
      for (const loader of order) rates.set(loader, await loader.load());
      const ratio = rates.get(harness)! / rates.get(independent)!;
      ratios.push(ratio);
      process.stdout.write(
        `${String(r + 1).padStart(5)}  ${r % 2 === 0 ? 'A B' : 'B A'}  ${Math.round(rates.get(harness)!).toString().padStart(18)}  ${Math.round(rates.get(independent)!).toString().padStart(31)}  ${ratio.toFixed(3)}   ${lastCeiling === null ? '-' : Math.round(lastCeiling)} rows/s (${lastEncoding})\n`,
      );
    }
    if (independent.idleMs) {
      const idle: number[] = [];
      for (let k = 0; k < 3; k++) idle.push(await independent.idleMs());
      idle.sort((a, b) => a - b);
      process.stdout.write(`(${independent.name.split(' (')[0]} start + connect + exit without loading: ${idle[1].toFixed(0)} ms, median of 3; it is inside its timings)\n`);
    }
    const s = ratioSummary(ratios);
    process.stdout.write(
      `${engine}: harness / ${independent.name.split(' (')[0]} = ${s.median.toFixed(3)} (median of ${s.n}); min-max ${s.min.toFixed(3)}-${s.max.toFixed(3)}; ` +
        `95% t-interval of log ratios ${s.lo.toFixed(3)}-${s.hi.toFixed(3)}\n`,
    );
  } finally {
    started.splice(started.indexOf(target), 1);
    await target.stop();
  }
}

try {
  for (const engine of engines) await benchEngine(engine);
} catch (err) {
  process.stderr.write(`bench:load: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof InputError ? 2 : 3;
} finally {
  await cleanup();
}
