import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { InputError } from '../../bench/core/errors.js';
import { TABLES, type Row } from '../../bench/core/tables.js';
import { encodeCsv, formatTimestampUs } from '../../bench/engines/postgres/encode.js';
import { encodeRows, plannedStream, writeStream } from '../../bench/commands/generate.js';
import { loadScenario } from '../../bench/run/scenario.js';
import { ceilingWarning } from '../../bench/phases/write/ceiling.js';

async function collect(run: (out: PassThrough) => Promise<unknown>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  await run(out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

test("generate writes the planned stream: its fingerprint is the dataset plan's", async () => {
  const scenario = loadScenario('smoke');
  for (const [phase, trial] of [
    ['preload', 1],
    ['ingest', 1],
  ] as const) {
    const planned = await plannedStream(scenario, phase, trial);
    let result: Awaited<ReturnType<typeof writeStream>> | undefined;
    const text = await collect(async (out) => (result = await writeStream(planned.spec, 'copy', out, 777)));
    assert.equal(result!.fingerprint, planned.fingerprint, `${phase}: batch size does not change the rows`);
    assert.equal(result!.rows, planned.rows);
    assert.equal(text.split('\n').length - 1, planned.rows, 'one line per row');
    assert.equal(Buffer.byteLength(text), result!.bytes);
  }
});

test('generate rejects unknown phases, phases without rows and trials out of range as input errors', async () => {
  const scenario = loadScenario('smoke');
  await assert.rejects(plannedStream(scenario, 'nope'), (e: unknown) => e instanceof InputError && /no phase 'nope'.*preload/.test((e as Error).message));
  await assert.rejects(plannedStream(scenario, 'query'), (e: unknown) => e instanceof InputError && /writes no rows/.test((e as Error).message));
  await assert.rejects(plannedStream(scenario, 'preload', 2), (e: unknown) => e instanceof InputError && /--trial/.test((e as Error).message));
});

/** A minimal RFC 4180 line parser: fields, with null for an empty unquoted field. */
function parseCsvLine(line: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (line[i] === '"' && line[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (line[i] === '"') break;
        else v += line[i++];
      }
      out.push(v);
      i += 2;
    } else {
      const end = line.indexOf(',', i);
      const v = end < 0 ? line.slice(i) : line.slice(i, end);
      out.push(v === '' ? null : v);
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

test('CSV round-trips values: quotes, commas, empty strings and NULLs', () => {
  const table = TABLES.alert_events;
  const width = table.columns.length;
  const sample = (text: string | null): Row =>
    table.columns.map((c, i) =>
      i === 0 ? 1_700_000_000_123_456 : c.kind === 'text' || c.kind === 'json' ? text : c.kind === 'int' ? 3 : c.kind === 'decimal' ? '1.5' : 2.25,
    ) as Row;
  const rows = [sample('a "quoted", value'), sample(''), sample(null), sample('line\nbreak')];
  const csv = encodeCsv(table, rows);
  // Records are split on newlines outside quotes.
  const records: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of csv) {
    if (ch === '"') quoted = !quoted;
    if (ch === '\n' && !quoted) {
      records.push(cur);
      cur = '';
    } else cur += ch;
  }
  assert.equal(records.length, rows.length);
  records.forEach((rec, r) => {
    const fields = parseCsvLine(rec);
    assert.equal(fields.length, width);
    assert.equal(fields[0], formatTimestampUs(1_700_000_000_123_456));
    table.columns.forEach((c, i) => {
      if (i === 0) return;
      const v = rows[r][i];
      assert.equal(fields[i], v === null ? null : String(v), `row ${r} ${c.name}`);
    });
  });
});

test('COPY text and line protocol of a few rows parse back to the same values', async () => {
  const scenario = loadScenario('smoke');
  const planned = await plannedStream(scenario, 'preload');
  const { generateBatches } = await import('../../bench/generate/index.js');
  const rows = generateBatches(planned.spec, 5).next().value as Row[];
  const table = TABLES[planned.spec.table];
  const copy = String(encodeRows(planned.spec, 'copy', rows))
    .split('\n')
    .slice(0, -1);
  const line = String(encodeRows(planned.spec, 'line', rows))
    .split('\n')
    .slice(0, -1);
  rows.forEach((row, r) => {
    const fields = copy[r].split('\t');
    assert.equal(fields[0], formatTimestampUs(row[0] as number));
    table.columns.forEach((c, i) => i > 0 && assert.equal(fields[i], row[i] === null ? '\\N' : String(row[i]), c.name));
    assert.ok(line[r].endsWith(' ' + String(row[0])), 'line protocol ends with the µs timestamp');
    for (const c of table.columns.filter((x) => x.role === 'tag')) assert.ok(line[r].includes(`,${c.name}=${row[table.columns.indexOf(c)]}`), c.name);
  });
});

test('ceiling warning: only when the engine rate is within 2x of the harness ceiling', () => {
  assert.equal(ceilingWarning(1, 100_000, 500_000), null);
  assert.equal(ceilingWarning(1, 100_000, null), null);
  assert.match(ceilingWarning(2, 300_000, 500_000) ?? '', /trial 2: .*300000 rows\/s is within 2x of the harness ceiling \(500000 rows\/s/);
});

test('ceiling warning: none when every row was encoded before the clock started', () => {
  assert.equal(ceilingWarning(1, 300_000, 500_000, true), null);
});
