/**
 * A validated scenario document -> the `Scenario` every other module reads: units parsed
 * (driven by the schema's `x-unit` annotations: a duration key `span` becomes `spanMs`),
 * defaults filled, phase ids assigned, dataset shapes merged over the generators' defaults,
 * and the checks a schema cannot express (known query ids, claim metrics naming a phase,
 * unique ids, warm-up shorter than the trial).
 */
import type { CapacitySpec, CompareSpec, EngineOptions, PhaseSpec, Scenario, TableShape } from '../core/scenario.js';
import { isTableName, type TableName } from '../core/tables.js';
import type { PathSegment } from './paths.js';
import type { PhaseDraft } from './phase-kinds.js';
import { describeValue, type Problem } from './problems.js';
import type { CompiledScenarioSchema, SchemaNode } from './schema.js';
import { didYouMean } from './suggest.js';
import { datasetLimitProblems, listenSettingProblems, phaseLimitProblems, unknownEngineProblems } from './limits.js';
import { scenarioMetrics, type CataloguedPhase, type MetricDeclarations } from '../verdict/metric-catalog.js';
import { UNIT_PARSERS, type UnitKind } from './units.js';
import { UnitError } from '../core/errors.js';

const HOUR_MS = 3_600_000;

const DAY_MS = 24 * HOUR_MS;

export const DEFAULT_TRIALS = 3;
export const DEFAULT_SEED = 1;

export interface NormalizeInput {
  /** The document after overrides, already valid against `schema`. */
  data: Record<string, unknown>;
  /** The assembled schema: its phase kinds give the defaults and checks of each phase. */
  schema: CompiledScenarioSchema;
  /** Absolute path of the file. */
  file: string;
  /** Name used when the document has none (the file name without extension). */
  defaultName: string;
  defaultShape: (table: TableName) => TableShape;
  /** Current time, epoch ms (for anchors 'now-day' / 'now-hour'). */
  nowMs: number;
  /** Overrides applied, recorded in the scenario as `overrides`. */
  overrides: string[];
}

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

class Normalizer {
  readonly problems: Problem[] = [];

  constructor(readonly schema: CompiledScenarioSchema) {}

  problem(path: PathSegment[], message: string): void {
    this.problems.push({ path, message });
  }

  unit(kind: UnitKind, value: unknown, path: PathSegment[]): number {
    try {
      const n = UNIT_PARSERS[kind](value);
      if (kind === 'count' && n < 1) {
        this.problem(path, `expected a count of at least 1; found ${describeValue(value)}`);
      }
      return n;
    } catch (error) {
      if (!(error instanceof UnitError)) throw error;
      this.problem(path, error.message);
      return Number.NaN;
    }
  }

  /** Converts unit-bearing values below `node` (per the schema) and renames duration keys to `<key>Ms`. */
  convert(value: unknown, node: SchemaNode, path: PathSegment[]): unknown {
    const schema = this.schema.resolveRef(node);
    const unit = schema['x-unit'] as UnitKind | undefined;
    if (unit) return this.unit(unit, value, path);
    if (isDict(value) && schema.properties) {
      const out: Dict = {};
      for (const [key, child] of Object.entries(value)) {
        const childSchema = schema.properties[key];
        if (!childSchema) {
          out[key] = child;
          continue;
        }
        const isDuration = this.schema.resolveRef(childSchema)['x-unit'] === 'duration';
        out[isDuration ? `${key}Ms` : key] = this.convert(child, childSchema, [...path, key]);
      }
      return out;
    }
    if (Array.isArray(value) && schema.items) {
      const items = schema.items;
      return value.map((item, i) => this.convert(item, items, [...path, i]));
    }
    return value;
  }
}

/**
 * The anchor. Default 'now-day' (start of the current UTC day): aligned with daily (and hourly)
 * chunks, so a preload of whole days is whole chunks and the same scenario stores the same bytes
 * at any hour of the day. 'now-hour' keeps the old hour alignment (the current day's chunk then
 * depends on the hour the run starts).
 */
function anchorOf(raw: unknown, nowMs: number, n: Normalizer): { anchorMs: number; anchorSource: string } {
  if (raw === undefined || raw === 'now-day') {
    return { anchorMs: Math.floor(nowMs / DAY_MS) * DAY_MS, anchorSource: 'now-day' };
  }
  if (raw === 'now-hour') {
    return { anchorMs: Math.floor(nowMs / HOUR_MS) * HOUR_MS, anchorSource: 'now-hour' };
  }
  const text = String(raw);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) n.problem(['anchor'], `expected 'now-day', 'now-hour' or a valid ISO instant; found '${text}'`);
  return { anchorMs: ms, anchorSource: text };
}

function engineOptions(raw: unknown): EngineOptions {
  const dict = isDict(raw) ? raw : {};
  const settings = isDict(dict.settings) ? Object.fromEntries(Object.entries(dict.settings).map(([k, v]) => [k, String(v)])) : {};
  const options = isDict(dict.options) ? { ...dict.options } : {};
  return typeof dict.image === 'string' ? { settings, image: dict.image, options } : { settings, options };
}

/** `${kind}` when it is the only phase of its kind without an id, else `${kind}-${n}`; never a taken id. */
function assignPhaseIds(phases: Dict[], n: Normalizer): void {
  const taken = new Map<string, number>();
  phases.forEach((phase, i) => {
    if (typeof phase.id !== 'string') return;
    const first = taken.get(phase.id);
    if (first !== undefined) n.problem(['phases', i, 'id'], `duplicate phase id '${phase.id}' (also phases[${first}])`);
    else taken.set(phase.id, i);
  });
  const unnamed = new Map<string, number>();
  for (const phase of phases) {
    if (typeof phase.id !== 'string') unnamed.set(String(phase.kind), (unnamed.get(String(phase.kind)) ?? 0) + 1);
  }
  const counter = new Map<string, number>();
  phases.forEach((phase, i) => {
    if (typeof phase.id === 'string') return;
    const kind = String(phase.kind);
    let id = kind;
    if ((unnamed.get(kind) ?? 0) > 1 || taken.has(kind)) {
      let k = counter.get(kind) ?? 0;
      do id = `${kind}-${++k}`;
      while (taken.has(id));
      counter.set(kind, k);
    }
    phase.id = id;
    taken.set(id, i);
  });
}

/** Defaults under the given values; a nested object default (saturate's slo) is merged key by key. */
function withDefaults(defaults: object, given: Dict): Dict {
  const out: Dict = { ...defaults, ...given };
  for (const [key, fallback] of Object.entries(defaults)) {
    if (isDict(fallback) && isDict(given[key])) out[key] = { ...fallback, ...given[key] };
  }
  return out;
}

function normalizePhases(rawPhases: unknown[], trials: number, n: Normalizer): PhaseSpec[] {
  const definitions = n.schema.schema.definitions;
  const phases = rawPhases.map((raw, i) => {
    const kind = String((raw as Dict).kind);
    const converted = n.convert(raw, definitions[`${kind}Phase`] ?? {}, ['phases', i]) as Dict;
    // A kind's own default trials (one-shot kinds: 1) win over the scenario's; the file's value over both.
    return withDefaults({ trials, ...n.schema.kinds.get(kind)?.defaults }, converted);
  });
  assignPhaseIds(phases, n);
  // Readable order in results.json: id and kind first.
  phases.forEach((phase, i) => {
    const { id, kind, ...rest } = phase;
    phases[i] = { id, kind, ...rest };
  });
  phases.forEach((phase, i) => {
    const draft = phase as PhaseDraft;
    n.schema.kinds.get(draft.kind)?.check?.(draft, (at, message) => n.problem(['phases', i, ...(Array.isArray(at) ? at : [at])], message));
  });
  // Valid against the kind's schema fragment, converted and defaulted: the kind's spec type.
  return phases as unknown as PhaseSpec[];
}

/** What a claim may name: the scenario's metric keys (per the metric catalogue) and engines. */
interface ClaimContext {
  phaseIds: string[];
  metrics: ReadonlyMap<string, { phase: string }>;
  engines: string[];
}

/** Problems with one metric key: unknown phase, or a name the phase never writes. */
function checkMetricKey(metric: string, path: PathSegment[], ctx: ClaimContext, n: Normalizer): void {
  if (ctx.metrics.has(metric)) return;
  const dot = metric.indexOf('.');
  const phaseId = dot > 0 ? metric.slice(0, dot) : metric;
  if (!ctx.phaseIds.includes(phaseId)) {
    const hint = didYouMean(phaseId, ctx.phaseIds);
    n.problem(path, `no phase with id '${phaseId}'${hint}; metric keys are '<phase id>.<metric>' with phase ids ${ctx.phaseIds.join(', ')}`);
    return;
  }
  const name = dot > 0 ? metric.slice(dot + 1) : '';
  const names = [...ctx.metrics.entries()].filter(([, m]) => m.phase === phaseId).map(([key]) => key.slice(phaseId.length + 1));
  const hint = didYouMean(name, names);
  const known = names.length > 0 ? `; phase '${phaseId}' writes ${names.join(', ')}` : `; phase '${phaseId}' writes no metrics`;
  n.problem(path, `phase '${phaseId}' writes no metric '${name}'${hint}${hint ? '' : known} (see \`tsdb-bench list --metrics --scenario <file>\`)`);
}

function checkEngine(engine: unknown, path: PathSegment[], ctx: ClaimContext, n: Normalizer): void {
  if (typeof engine !== 'string' || ctx.engines.includes(engine)) return;
  const hint = didYouMean(engine, ctx.engines);
  n.problem(path, `engine '${engine}' is not among the targets${hint}; the targets' engines are ${ctx.engines.join(', ')}`);
}

function normalizeClaims(rawClaims: unknown[], ctx: ClaimContext, n: Normalizer): Scenario['claims'] {
  const seen = new Map<string, number>();
  const itemSchema = n.schema.schema.properties?.claims?.items ?? {};
  return rawClaims.map((raw, i) => {
    const converted = n.convert(raw, itemSchema, ['claims', i]) as Dict;
    // Valid against the claim schema and converted: a ClaimSpec.
    const claim = { direction: 'better', gate: false, ...converted } as unknown as Scenario['claims'][number];
    const first = seen.get(claim.id);
    if (first !== undefined) n.problem(['claims', i, 'id'], `duplicate claim id '${claim.id}' (also claims[${first}])`);
    else seen.set(claim.id, i);
    for (const key of ['metric', 'baselineMetric'] as const) {
      const metric = claim[key];
      if (typeof metric === 'string') checkMetricKey(metric, ['claims', i, key], ctx, n);
    }
    checkEngine(claim.target, ['claims', i, 'target'], ctx, n);
    checkEngine(claim.baseline, ['claims', i, 'baseline'], ctx, n);
    if (claim.baseline === undefined && claim.threshold === undefined) {
      n.problem(['claims', i], 'expected either baseline + factor (ratio claim) or threshold (absolute claim)');
    }
    if (claim.baseline !== undefined && claim.threshold !== undefined) {
      n.problem(['claims', i], 'expected either baseline + factor or threshold, not both');
    }
    if (claim.baseline !== undefined && claim.baseline === claim.target && claim.baselineMetric === undefined) {
      n.problem(['claims', i, 'baseline'], `baseline is the target engine '${claim.target}' and no baselineMetric is given: the ratio would be 1 by construction`);
    }
    return claim;
  });
}

function normalizeCapacity(raw: Dict, n: Normalizer): CapacitySpec {
  const schema = n.schema.schema.properties?.capacity ?? {};
  const converted = n.convert(raw, schema, ['capacity']) as Dict;
  const { aggregates, ...rest } = converted;
  let buckets: number[] = [];
  if (aggregates === true) buckets = [HOUR_MS];
  else if (Array.isArray(aggregates)) buckets = aggregates.map((a, i) => n.unit('duration', a, ['capacity', 'aggregates', i]));
  return { ...(rest as Omit<CapacitySpec, 'aggregateBucketsMs'>), aggregateBucketsMs: buckets };
}

function normalizeCompare(raw: Dict, n: Normalizer): CompareSpec {
  const minEffect: Record<string, number> = {};
  if (isDict(raw.minEffect)) {
    for (const [key, value] of Object.entries(raw.minEffect)) minEffect[key] = n.unit('fraction', value, ['compare', 'minEffect', key]);
  }
  const compare: CompareSpec = { minEffect };
  if (raw.alpha !== undefined) compare.alpha = n.unit('fraction', raw.alpha, ['compare', 'alpha']);
  return compare;
}

function normalizeDataset(raw: unknown, phases: PhaseSpec[], input: NormalizeInput, n: Normalizer): Scenario['dataset'] {
  const schema = n.schema.schema.properties?.dataset ?? {};
  const given = ((n.convert(isDict(raw) ? raw : {}, schema, ['dataset']) as Dict).tables ?? {}) as Dict;
  const used = new Set<TableName>();
  for (const phase of phases) {
    const table = (phase as { table?: unknown }).table;
    if (typeof table === 'string' && isTableName(table)) used.add(table);
  }
  for (const table of Object.keys(given)) if (isTableName(table)) used.add(table);
  const tables: Partial<Record<TableName, TableShape>> = {};
  for (const table of used) {
    tables[table] = { ...input.defaultShape(table), ...((given[table] as Partial<TableShape> | undefined) ?? {}) };
  }
  const dataset = isDict(raw) ? raw : {};
  const once = (key: 'seed' | 'anchor'): unknown => {
    if (input.data[key] !== undefined && dataset[key] !== undefined && input.data[key] !== dataset[key]) {
      n.problem(['dataset', key], `${key} is given twice (top level: ${describeValue(input.data[key])}, dataset.${key}: ${describeValue(dataset[key])}); give it once`);
    }
    return input.data[key] ?? dataset[key];
  };
  const seed = once('seed');
  const anchor = once('anchor');
  return { seed: typeof seed === 'number' ? seed : DEFAULT_SEED, ...anchorOf(anchor, input.nowMs, n), tables };
}

/** Tables the phases write to (the ones storage/compress measure and queries read). */
export function phaseTables(phases: readonly PhaseSpec[]): string[] {
  const tables = new Set<string>();
  for (const phase of phases) {
    const table = (phase as { table?: unknown }).table;
    if (typeof table === 'string') tables.add(table);
  }
  return [...tables];
}

function claimContext(phases: PhaseSpec[], targets: string[], kinds: MetricDeclarations): ClaimContext {
  return {
    phaseIds: phases.map((p) => p.id),
    metrics: scenarioMetrics(phases as unknown as CataloguedPhase[], phaseTables(phases), kinds),
    engines: [...new Set(targets.map((t) => t.split('@')[0]))],
  };
}

export function normalizeScenario(input: NormalizeInput): { scenario: Scenario; problems: Problem[] } {
  const n = new Normalizer(input.schema);
  const data = input.data;
  const trials = typeof data.trials === 'number' ? data.trials : DEFAULT_TRIALS;
  const targets = (data.targets as string[]).slice();
  const phases = normalizePhases(data.phases as unknown[], trials, n);

  const engines: Record<string, EngineOptions> = {};
  const rawEngines = isDict(data.engines) ? data.engines : {};
  for (const name of new Set([...targets.map((t) => t.split('@')[0]), ...Object.keys(rawEngines)])) engines[name] = engineOptions(rawEngines[name]);

  const scenario: Scenario = {
    name: typeof data.name === 'string' ? data.name : input.defaultName,
    description: typeof data.description === 'string' ? data.description.trim() : '',
    file: input.file,
    trials,
    targets,
    runtime: (data.runtime as Scenario['runtime'] | undefined) ?? 'auto',
    engines,
    dataset: normalizeDataset(data.dataset, phases, input, n),
    phases,
    claims: normalizeClaims(Array.isArray(data.claims) ? data.claims : [], claimContext(phases, targets, n.schema.kinds), n),
    overrides: input.overrides,
  };
  n.problems.push(
    ...unknownEngineProblems(targets, Object.keys(rawEngines)),
    ...listenSettingProblems(engines),
    ...phaseLimitProblems(phases),
    ...datasetLimitProblems(scenario.dataset),
  );
  if (isDict(data.capacity)) scenario.capacity = normalizeCapacity(data.capacity, n);
  if (isDict(data.compare)) scenario.compare = normalizeCompare(data.compare, n);
  return { scenario, problems: n.problems };
}
