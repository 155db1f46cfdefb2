/**
 * Per-phase tables. Known kinds get a table shaped for them; every metric a kind's table does
 * not show is listed generically (value, CI, unit, samples), so a metric added later is never
 * hidden, and an unknown phase kind is rendered entirely generically.
 */
import type { Metric, PhaseResult, Results, TargetResult } from '../../core/results.js';
import { chart, heading, paragraph, table, type Block } from '../document.js';
import {
  DASH,
  formatBytes,
  formatCount,
  formatMetric,
  formatMetricInterval,
  formatMetricWithCI,
  formatNumber,
  formatRate,
  formatRatio,
  formatValue,
} from '../format.js';
import { numberField, phaseAcrossTargets, phaseIds, phaseKind, stringField } from '../results-view.js';
import { metricCell, noDataNote, noDataText, phaseNoteBlocks } from './phase-notes.js';
import { aggregateById } from '../../queries/aggregates.js';
import { queryById } from '../../queries/catalog.js';

interface Row {
  target: TargetResult;
  phase: PhaseResult | undefined;
}

interface KindRendering {
  blocks: Block[];
  /** Metric names shown above; the rest go to the generic table. */
  shown: Set<string>;
}

type KindRenderer = (results: Results, phaseId: string, rows: Row[]) => KindRendering;

const who = (t: TargetResult) => `\`${t.id}\` (${t.runtimeLabel})`;

/** Status cell for a target whose phase did not produce metrics. */
function statusNote(phase: PhaseResult | undefined): string | null {
  if (!phase) return 'not run';
  if (phase.status === 'ok') return null;
  return `${phase.status}${phase.message ? `: ${phase.message}` : ''}`;
}

function trialsOf(phase: PhaseResult | undefined): Record<string, unknown>[] {
  return phase?.trials ?? [];
}

function sumField(phase: PhaseResult | undefined, key: string): number | null {
  const values = trialsOf(phase).map((t) => numberField(t, key)).filter((v): v is number => v !== null);
  return values.length ? values.reduce((a, b) => a + b, 0) : null;
}

/** A row whose phase failed: the note spans the value columns. */
function noteRow(first: string[], note: string, width: number): string[] {
  return [...first, note, ...Array(Math.max(0, width - first.length - 1)).fill('')];
}

const preload: KindRenderer = (results, phaseId, rows) => {
  const spec = results.scenario.phases.find((p) => p.id === phaseId) as Record<string, unknown> | undefined;
  const headers = ['Target', 'Rows', 'Throughput', 'Interval (n)', 'Trials', 'Method'];
  const body = rows.map(({ target, phase }) => {
    const note = statusNote(phase);
    const m = phase?.metrics.rows_per_s;
    if (!m) return noteRow([who(target)], note ?? noDataNote(phase, ['rows_per_s']) ?? DASH, headers.length);
    const rowsLoaded = numberField(spec, 'rows') ?? numberField(trialsOf(phase)[0], 'rows');
    return [who(target), formatCount(rowsLoaded), formatMetric(m), formatMetricInterval(m), String(m.samples.length), stringField(phase?.details, 'method') ?? DASH];
  });
  return { blocks: [table(headers, body), chart(`preload-throughput-${phaseId}`)], shown: new Set(['rows_per_s']) };
};

const ingest: KindRenderer = (_results, phaseId, rows) => {
  const headers = ['Target', 'Target rate', 'Achieved (interval, n)', 'p50', 'p99', 'p99.9', 'Lag p99', 'Dropped', 'Late'];
  const body = rows.map(({ target, phase }) => {
    const note = statusNote(phase);
    const m = phase?.metrics ?? {};
    // No figures and no recorded reason per metric: one note for the row; else each cell says what it has.
    if (!m.achieved_rows_per_s && !m.latency_p50_ms && (note || !noDataNote(phase, ['achieved_rows_per_s', 'latency_p50_ms']))) return noteRow([who(target)], note ?? DASH, headers.length);
    const rate = numberField(phase?.details, 'targetRate') ?? numberField(trialsOf(phase)[0], 'targetRate');
    const dropped = sumField(phase, 'dropped');
    const late = sumField(phase, 'late');
    return [
      who(target),
      formatRate(rate),
      metricCell(phase, 'achieved_rows_per_s', formatMetricWithCI),
      metricCell(phase, 'latency_p50_ms'),
      metricCell(phase, 'latency_p99_ms'),
      metricCell(phase, 'latency_p999_ms'),
      metricCell(phase, 'lag_p99_ms'),
      formatCount(dropped),
      formatCount(late),
    ];
  });
  return {
    blocks: [
      table(headers, body),
      paragraph('Latency percentiles: median over trials of each trial\'s HDR-histogram percentile; dropped and late: totals over trials.'),
      chart(`ingest-throughput-${phaseId}`),
      chart(`ingest-rate-${phaseId}`),
      chart(`latency-${phaseId}`),
    ],
    shown: new Set(['achieved_rows_per_s', 'latency_p50_ms', 'latency_p99_ms', 'latency_p999_ms', 'lag_p99_ms']),
  };
};

function queriesWith(rows: Row[], suffix: string): string[] {
  const names: string[] = [];
  for (const { phase } of rows)
    for (const key of Object.keys(phase?.metrics ?? {}))
      if (key.endsWith(suffix) && !names.includes(key.slice(0, -suffix.length))) names.push(key.slice(0, -suffix.length));
  return names;
}

/** Portable queries first (catalogue order), then idiomatic ones; unknown names count as portable. */
function byVariant(queries: string[]): { portable: string[]; idiomatic: string[] } {
  const idiomatic = queries.filter((q) => queryById(q)?.variant === 'idiomatic');
  return { portable: queries.filter((q) => !idiomatic.includes(q)), idiomatic };
}

const query: KindRenderer = (_results, phaseId, rows) => {
  const { portable, idiomatic } = byVariant(queriesWith(rows, '.p50_ms'));
  const headers = ['Query', 'Target', 'p50', 'Interval (p50, n trials)', 'p99', 'Iterations'];
  const body: string[][] = [];
  const shown = new Set<string>();
  for (const q of portable) {
    for (const { target, phase } of rows) {
      const p50 = phase?.metrics[`${q}.p50_ms`];
      const p99 = phase?.metrics[`${q}.p99_ms`];
      shown.add(`${q}.p50_ms`).add(`${q}.p99_ms`);
      if (!p50) {
        body.push(noteRow([`\`${q}\``, who(target)], statusNote(phase) ?? 'not supported', headers.length));
        continue;
      }
      body.push([`\`${q}\``, who(target), formatMetric(p50), formatMetricInterval(p50), formatMetric(p99), String(p50.samples.length)]);
    }
  }
  if (portable.length === 0) {
    for (const { target, phase } of rows) body.push(noteRow([DASH, who(target)], statusNote(phase) ?? 'no query metrics', headers.length));
  }
  const blocks: Block[] = [
    paragraph('**Portable queries**: one SQL text, unchanged, on every SQL engine (and its InfluxQL counterpart). Engine comparisons and claims use these.'),
    table(headers, body),
  ];
  if (idiomatic.length > 0) {
    // Only the targets that have an own form: the others answer the question with the portable SQL above.
    const idHeaders = ['Query', 'Same question as', 'Target', 'p50', 'Interval (p50, n trials)', 'p99', 'Iterations', 'Portable p50 ÷ idiomatic p50'];
    const idBody: string[][] = [];
    for (const q of idiomatic) {
      const portableId = queryById(q)?.portableOf ?? DASH;
      for (const { target, phase } of rows) {
        const p50 = phase?.metrics[`${q}.p50_ms`];
        const p99 = phase?.metrics[`${q}.p99_ms`];
        shown.add(`${q}.p50_ms`).add(`${q}.p99_ms`);
        if (!p50) continue;
        const portableP50 = phase?.metrics[`${portableId}.p50_ms`];
        idBody.push([
          `\`${q}\``,
          `\`${portableId}\``,
          who(target),
          formatMetric(p50),
          formatMetricInterval(p50),
          formatMetric(p99),
          String(p50.samples.length),
          portableP50 && p50.value > 0 ? formatRatio(portableP50.value / p50.value) : DASH,
        ]);
      }
    }
    blocks.push(
      paragraph(
        '**Idiomatic queries**: the same question in an engine\'s own SQL (e.g. TimescaleDB `last()`/`first()`/`time_bucket`), answers checked against the portable query. ' +
          'They show what the engine-specific form gains on that engine; they are not an engine comparison.',
      ),
      table(idHeaders, idBody),
    );
  }
  blocks.push(chart(`query-latency-${phaseId}`));
  return { blocks, shown };
};

interface StorageDetail {
  table: string;
  rows: number | null;
  allocatedBytes: number | null;
  engineBytes: Record<string, number>;
  primary: string | null;
  bytesPerRow: number | null;
}

function storageDetails(phase: PhaseResult | undefined): StorageDetail[] {
  const raw = phase?.details.tables;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && typeof (x as Record<string, unknown>).table === 'string')
    .map((x) => ({
      table: x.table as string,
      rows: numberField(x, 'rows'),
      allocatedBytes: numberField(x, 'allocatedBytes'),
      engineBytes: (typeof x.engineBytes === 'object' && x.engineBytes !== null ? x.engineBytes : {}) as Record<string, number>,
      primary: stringField(x, 'primary'),
      bytesPerRow: numberField(x, 'bytesPerRow'),
    }));
}

const storage: KindRenderer = (_results, phaseId, rows) => {
  const headers = ['Target', 'Table', 'Rows', 'Bytes', 'Bytes/row', 'Allocated on disk', 'Engine figures'];
  const body: string[][] = [];
  const shown = new Set<string>();
  for (const { target, phase } of rows) {
    const details = storageDetails(phase);
    const tables = details.length
      ? details.map((d) => d.table)
      : Object.keys(phase?.metrics ?? {}).filter((k) => k.endsWith('.bytes')).map((k) => k.slice(0, -'.bytes'.length));
    if (tables.length === 0) {
      body.push(noteRow([who(target)], statusNote(phase) ?? 'no storage figures', headers.length));
      continue;
    }
    for (const t of tables) {
      const d = details.find((x) => x.table === t);
      const bytes = phase?.metrics[`${t}.bytes`];
      const perRow = phase?.metrics[`${t}.bytes_per_row`];
      shown.add(`${t}.bytes`).add(`${t}.bytes_per_row`);
      const engine = d
        ? Object.entries(d.engineBytes)
            .map(([k, v]) => `${k}${k === d.primary ? ' (primary)' : ''}: ${formatBytes(v)}`)
            .join(', ') || DASH
        : DASH;
      body.push([
        who(target),
        `\`${t}\``,
        formatCount(d?.rows),
        formatMetric(bytes),
        perRow ? formatValue(perRow.value, perRow.unit) : formatValue(d?.bytesPerRow, 'bytes/row'),
        formatBytes(d?.allocatedBytes),
        engine,
      ]);
    }
  }
  const blocks: Block[] = [table(headers, body)];
  blocks.push(paragraph('Sizes in decimal units (1 MB = 10^6 bytes). "Allocated on disk" is — where the runtime cannot see the files (embedded in-memory, external).'));
  // Storage charts compare every storage phase: place them once, after the last storage phase.
  if (phaseId) blocks.push(chart(`storage-charts-after-${phaseId}`));
  return { blocks, shown };
};

const compress: KindRenderer = (_results, _phaseId, rows) => {
  const headers = ['Target', 'Status', 'Duration', 'Interval (n)', 'Compression ratio', 'Method'];
  const shown = new Set<string>(['duration_ms']);
  const body = rows.map(({ target, phase }) => {
    const m = phase?.metrics ?? {};
    const ratios = Object.entries(m).filter(([k]) => k.endsWith('.compression_ratio'));
    ratios.forEach(([k]) => shown.add(k));
    const note = statusNote(phase);
    if (note) return noteRow([who(target)], note, headers.length);
    return [
      who(target),
      'ok',
      formatMetric(m.duration_ms),
      formatMetricInterval(m.duration_ms),
      ratios.map(([k, r]) => `${k.replace('.compression_ratio', '')}: ${formatRatio(r.value)}`).join(', ') || DASH,
      stringField(phase?.details, 'method') ?? DASH,
    ];
  });
  return { blocks: [table(headers, body)], shown };
};

/** Aggregate ids of the downsample phase across targets (metrics `<id>.refresh_ms`), first seen first. */
function aggregatesWith(rows: Row[]): string[] {
  return queriesWith(rows, '.refresh_ms').filter((id) => id !== '');
}

function aggregateObject(phase: PhaseResult | undefined, id: string): string | null {
  const list = phase?.details.aggregates;
  if (!Array.isArray(list)) return null;
  const entry = list.find((a): a is Record<string, unknown> => typeof a === 'object' && a !== null && (a as Record<string, unknown>).name === id);
  return entry ? stringField(entry, 'object') : null;
}

const downsample: KindRenderer = (_results, phaseId, rows) => {
  const aggregates = aggregatesWith(rows);
  const headers = ['Aggregate', 'Target', 'Object', 'Refresh', 'Size', 'Answers', 'Raw p50', 'From aggregate p50', 'Speed-up'];
  const body: string[][] = [];
  const shown = new Set<string>(['refresh_ms', 'aggregate_bytes']);
  // One block of rows per aggregate: the same aggregate on every engine, side by side.
  for (const id of aggregates) {
    const answers = queryById(aggregateById(id)?.answers.queryId ?? '')?.id ?? DASH;
    for (const { target, phase } of rows) {
      const m = phase?.metrics ?? {};
      const note = statusNote(phase);
      const refresh = m[`${id}.refresh_ms`];
      if (note || !refresh) {
        body.push(noteRow([`\`${id}\``, who(target)], note ?? 'not created', headers.length));
        continue;
      }
      const raw = m[`${id}.raw_p50_ms`];
      const agg = m[`${id}.aggregate_p50_ms`];
      for (const k of ['refresh_ms', 'bytes', 'raw_p50_ms', 'aggregate_p50_ms']) shown.add(`${id}.${k}`);
      body.push([
        `\`${id}\``,
        who(target),
        aggregateObject(phase, id) ?? DASH,
        formatMetric(refresh),
        formatMetric(m[`${id}.bytes`]),
        `\`${answers}\``,
        formatMetric(raw),
        formatMetric(agg),
        raw && agg && agg.value > 0 ? formatRatio(raw.value / agg.value) : DASH,
      ]);
    }
  }
  if (aggregates.length === 0) {
    for (const { target, phase } of rows) body.push(noteRow([DASH, who(target)], statusNote(phase) ?? 'no aggregate metrics', headers.length));
  }
  const totals = rows
    .filter(({ phase }) => phase?.metrics.refresh_ms)
    .map(({ target, phase }) => `${target.id}: ${formatMetric(phase!.metrics.refresh_ms)} refresh, ${formatMetric(phase!.metrics.aggregate_bytes)}`);
  const blocks: Block[] = [
    paragraph('The same aggregate set on every engine that supports downsampling (bench/queries/aggregates.ts), each refreshed and measured alone; the answer from the aggregate is checked equal to the raw query\'s.'),
    table(headers, body),
  ];
  if (totals.length) blocks.push(paragraph(`All aggregates: ${totals.join('; ')}.`));
  blocks.push(chart(`downsample-${phaseId}`));
  return { blocks, shown };
};

const RENDERERS: Record<string, KindRenderer> = { preload, ingest, query, storage, compress, downsample };

function samplesText(m: Metric): string {
  if (m.sampleKind === 'exact') return 'exact';
  const n = m.samples.length;
  const head = m.samples.slice(0, 5).map((x) => formatNumber(x)).join(', ');
  return `${n} ${m.sampleKind}${n === 1 ? '' : 's'}: ${head}${n > 5 ? ', …' : ''}`;
}

/** Every metric of the phase not already shown: value, CI, unit, samples. */
function genericTable(rows: Row[], shown: Set<string>): Block[] {
  const body: string[][] = [];
  for (const { target, phase } of rows) {
    for (const [name, m] of Object.entries(phase?.metrics ?? {})) {
      if (shown.has(name)) continue;
      body.push([who(target), `\`${name}\``, m.label, formatValue(m.value, m.unit), formatMetricInterval(m), m.unit, `${m.statistic}, ${m.better} is better`, samplesText(m)]);
    }
    // Metrics that could not be measured: shown as no data, never as 0.
    for (const name of Object.keys(phase?.noData ?? {})) {
      if (shown.has(name) || phase?.metrics[name]) continue;
      body.push([who(target), `\`${name}\``, DASH, noDataText(phase, name) ?? DASH, DASH, DASH, DASH, DASH]);
    }
  }
  if (body.length === 0) return [];
  return [table(['Target', 'Metric', 'Label', 'Value', 'Interval (n)', 'Unit', 'Statistic', 'Samples'], body)];
}

function failedPhaseNotes(rows: Row[]): string[][] {
  return rows
    .filter(({ phase }) => phase && phase.status !== 'ok' && Object.keys(phase.metrics).length === 0)
    .map(({ target, phase }) => [who(target), statusNote(phase) ?? DASH]);
}

export function phaseBlocks(results: Results): Block[] {
  const blocks: Block[] = [heading(2, 'Phases')];
  const storageIds = phaseIds(results).filter((id) => phaseKind(results, id) === 'storage');
  for (const phaseId of phaseIds(results)) {
    const kind = phaseKind(results, phaseId);
    const rows = phaseAcrossTargets(results, phaseId);
    blocks.push(heading(3, `${phaseId} (${kind})`));
    const renderer = RENDERERS[kind];
    if (renderer) {
      const r = renderer(results, phaseId, rows);
      for (const b of r.blocks) {
        if (b.kind === 'chart' && b.id.startsWith('storage-charts-after-')) {
          // Storage charts go after the last storage phase only.
          if (phaseId === storageIds[storageIds.length - 1]) blocks.push(chart('storage', true), chart('bytes-per-row', true));
          continue;
        }
        blocks.push(b);
      }
      blocks.push(...genericTable(rows, r.shown));
    } else {
      blocks.push(...genericTable(rows, new Set()));
      const notes = failedPhaseNotes(rows);
      if (notes.length) blocks.push(table(['Target', 'Status'], notes));
    }
    blocks.push(...phaseNoteBlocks(rows));
  }
  return blocks;
}
