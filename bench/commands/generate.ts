/**
 * `tsdb-bench generate --scenario S --phase P [--format copy|csv|line] [--out F] [--trial N]`:
 * writes exactly the rows phase P sends in trial N (the dataset plan's stream: same seed,
 * anchor and fingerprint as a run of S), so anyone can load them with another tool:
 *
 *   psql -c "\copy market_price_ticks FROM 'ticks.copy'"                       (--format copy)
 *   psql -c "\copy market_price_ticks FROM 'ticks.csv' WITH (FORMAT csv)"      (--format csv)
 *   curl --data-binary @ticks.lp 'http://127.0.0.1:8086/write?db=x&precision=u' (--format line)
 *
 * The stream's fingerprint goes to stderr; it equals the one in a run's results.json
 * (dataset.streams[] of that phase). COPY text and line protocol are the harness's own
 * encoders (the same bytes it sends); CSV is for tools that want CSV.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { CommandModule } from 'yargs';
import { InputError } from '../core/errors.js';
import type { Scenario } from '../core/scenario.js';
import { TABLES, type Row } from '../core/tables.js';
import { loadPhases } from '../run/registry.js';
import { Fingerprinter, generateBatches, type StreamSpec } from '../generate/index.js';
import { encodeCopyText, encodeCsv } from '../engines/postgres/encode.js';
import { encodeLineProtocol } from '../engines/influxdb/line-protocol.js';
import { planDataset } from '../phases/dataset.js';
import { loadScenario } from '../run/scenario.js';
import { reportError } from './exit.js';

export const FORMATS = ['copy', 'csv', 'line'] as const;
export type FileFormat = (typeof FORMATS)[number];

/** Batch size when the phase names none (the order of rows does not depend on it). */
const DEFAULT_BATCH = 10_000;

export interface PlannedStream {
  spec: StreamSpec;
  /** The fingerprint the dataset plan (and so results.json) records for this stream. */
  fingerprint: string;
  rows: number;
  /** The phase's batch size (what the harness sends per request), if it has one. */
  batchSize: number | undefined;
}

/** The stream phase `phaseId` writes in trial `trial` (1-based), from the scenario's dataset plan. */
export async function plannedStream(scenario: Scenario, phaseId: string, trial = 1): Promise<PlannedStream> {
  const phaseSpec = scenario.phases.find((p) => p.id === phaseId);
  const writing = (plan: Map<string, StreamSpec[]>) => [...plan].filter(([, s]) => s.length > 0).map(([id]) => id);
  const plan = await planDataset(scenario, await loadPhases());
  if (!phaseSpec) {
    throw new InputError(`--phase: scenario ${scenario.name} has no phase '${phaseId}' (phases that write rows: ${writing(plan.streams).join(', ') || 'none'})`);
  }
  const streams = plan.streams.get(phaseId) ?? [];
  if (streams.length === 0)
    throw new InputError(`--phase: phase '${phaseId}' (${phaseSpec.kind}) writes no rows (phases that write rows: ${writing(plan.streams).join(', ') || 'none'})`);
  if (!Number.isInteger(trial) || trial < 1 || trial > streams.length) {
    throw new InputError(`--trial: phase '${phaseId}' has ${streams.length} stream(s), one per trial: give 1..${streams.length}`);
  }
  const spec = streams[trial - 1];
  const record = plan.fingerprint.streams.filter((s) => s.phase === phaseId)[trial - 1];
  const batchSize = (phaseSpec as { batchSize?: unknown }).batchSize;
  return { spec, fingerprint: record.fingerprint, rows: record.rows, batchSize: typeof batchSize === 'number' ? batchSize : undefined };
}

/** Encodes one batch of rows in `format` (copy and line: the harness's own encoders). */
export function encodeRows(spec: StreamSpec, format: FileFormat, rows: readonly Row[]): Buffer | string {
  const table = TABLES[spec.table];
  if (format === 'copy') return encodeCopyText(table, rows);
  if (format === 'line') return encodeLineProtocol(table, rows);
  return encodeCsv(table, rows);
}

/** Writes the whole stream to `out` in `format`, fingerprinting the rows on the way. */
export async function writeStream(
  spec: StreamSpec,
  format: FileFormat,
  out: NodeJS.WritableStream,
  batchSize = DEFAULT_BATCH,
): Promise<{ rows: number; bytes: number; fingerprint: string }> {
  const fp = new Fingerprinter(spec.anchorMs);
  let bytes = 0;
  for (const batch of generateBatches(spec, batchSize)) {
    fp.update(batch);
    const chunk = encodeRows(spec, format, batch);
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  return { rows: fp.rows, bytes, fingerprint: fp.digest() };
}

/** Writes the stream to a file and closes it. */
export async function writeStreamFile(spec: StreamSpec, format: FileFormat, file: string, batchSize?: number): Promise<{ rows: number; bytes: number; fingerprint: string }> {
  const out = createWriteStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', reject);
  });
  await opened;
  try {
    return await writeStream(spec, format, out, batchSize);
  } finally {
    await closeStream(out);
  }
}

function closeStream(out: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

interface GenerateArgs {
  scenario: string;
  phase: string;
  format: string;
  out?: string;
  trial: number;
  seed?: number;
  set?: string[];
}

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: 'generate',
  describe: 'Write the exact rows a phase sends (same fingerprint as a run) to a file, for psql \\copy, curl or any other loader',
  builder: (y) =>
    y
      .option('scenario', { alias: 's', type: 'string', demandOption: true, describe: 'Scenario name (see `tsdb-bench list`) or path to a YAML file' })
      .option('phase', { alias: 'p', type: 'string', demandOption: true, describe: 'Phase id whose rows to write (e.g. preload, ingest)' })
      .option('format', {
        alias: 'f',
        type: 'string',
        default: 'copy',
        describe: 'copy: PostgreSQL COPY text; csv: for COPY ... WITH (FORMAT csv) (no header, table column order); line: InfluxDB line protocol, µs timestamps (precision=u)',
      })
      .option('out', { alias: 'o', type: 'string', describe: 'Output file (default: stdout)' })
      .option('trial', { type: 'number', default: 1, describe: "Which trial's stream (ingest and mixed write fresh rows per trial)" })
      .option('seed', { type: 'number', describe: 'Dataset seed, as for `run`' })
      .option('set', { type: 'string', array: true, describe: 'Scenario overrides, as for `run` (e.g. --set anchor=2026-01-01T00:00:00Z pins timestamps)' })
      .example('$0 generate -s 10k-ticks -p preload -o ticks.copy', 'then: psql -c "\\copy market_price_ticks FROM \'ticks.copy\'"')
      .example('$0 generate -s 10k-ticks -p preload -f csv -o ticks.csv', 'then: psql -c "\\copy market_price_ticks FROM \'ticks.csv\' WITH (FORMAT csv)"')
      .example('$0 generate -s 10k-ticks -p preload -f line | split -l 10000 - batch.', 'then POST each batch.* to /write?db=...&precision=u')
      .epilog(
        "The stream fingerprint is printed to stderr; it matches dataset.streams[] in a run's results.json. Timestamps depend on the anchor (now-day by default); the fingerprint does not.",
      ),
  handler: async (args) => {
    try {
      if (!(FORMATS as readonly string[]).includes(args.format)) throw new InputError(`--format: expected one of ${FORMATS.join(', ')}, got '${args.format}'`);
      const format = args.format as FileFormat;
      const scenario = loadScenario(args.scenario, { set: args.set, seed: args.seed });
      const planned = await plannedStream(scenario, args.phase, args.trial);
      // `generate ... | head`: a reader that stops early is not an error.
      if (!args.out) process.stdout.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? process.exit(0) : process.exit(reportError(err))));
      const written = args.out
        ? await writeStreamFile(planned.spec, format, args.out, planned.batchSize)
        : await writeStream(planned.spec, format, process.stdout, planned.batchSize);
      if (written.fingerprint !== planned.fingerprint)
        throw new Error(`internal error: written rows have fingerprint ${written.fingerprint}, the plan says ${planned.fingerprint}`);
      process.stderr.write(
        `${scenario.name} ${args.phase} trial ${args.trial}: ${written.rows} rows of ${planned.spec.table} (${format}, ${written.bytes} bytes${args.out ? ` to ${args.out}` : ''}); ` +
          `anchor ${new Date(planned.spec.anchorMs).toISOString()}; fingerprint ${written.fingerprint}\n`,
      );
    } catch (err) {
      process.exitCode = reportError(err);
    }
  },
};
