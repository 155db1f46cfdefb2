/**
 * Runs a scenario: plan targets, plan the dataset (fingerprint), start EVERY available target,
 * then the phases in order, each on every target — trial-wise phases interleaved round by round
 * (trial order recorded in results.trialOrder) — saving results.json after every round so a
 * failure or Ctrl-C keeps what was measured (marked incomplete). A target that fails drops out
 * and the others go on; one unavailable at planning time is skipped (the run is then partial).
 * Finally: cross-target answer check and the claim verdicts, evaluated here once and stored in
 * results.json before its final save (reports, plan and compare only read them).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { EngineSession } from '../core/engine.js';
import type { Logger } from '../core/log.js';
import type { PhaseResult, Results, TargetResult } from '../core/results.js';
import { METHODOLOGY_VERSION, RESULTS_SCHEMA_VERSION } from '../core/results.js';
import type { ResourceSample, RunningServer, ServerRequest } from '../core/runtime.js';
import { InputError, TargetError } from '../core/errors.js';
import type { PhaseSpec, Scenario } from '../core/scenario.js';
import { registerCleanup } from '../core/cleanup.js';
import { loadEngines, loadPhases, loadRuntimes } from './registry.js';
import { environmentFingerprint } from '../measure/env.js';
import type { ProgressFactory } from '../measure/progress.js';
import { mostPopularKey } from '../generate/index.js';
import { queryParams } from '../queries/catalog.js';
import type { QueryAnswer } from '../queries/catalog.js';
import type { PhaseContext, PhaseModule, TargetState } from '../phases/types.js';
import { planDataset } from '../phases/dataset.js';
import { planTargets, type PlannedTarget } from './plan.js';
import { mergeTrialResults } from './trial-merge.js';
import { loadSampler } from '../measure/load.js';
import { phaseDeadlineMs } from './deadline.js';
import { checkAnswers } from './answers.js';
import { writeResults } from './results-file.js';
import { toolInfo } from './tool.js';
import { evaluateClaims } from '../verdict/claims.js';
import { serverRequest } from './request.js';
import { ShardRun } from '../shard/run.js';
import type { ShardOptions } from '../shard/options.js';
import { MAX_RESOURCE_SAMPLES_PER_PHASE, RESOURCE_SAMPLE_INTERVAL_MS } from '../core/runtime.js';

export interface RunOptions {
  scenario: Scenario;
  outDir: string;
  log: Logger;
  progress: ProgressFactory;
  signal: AbortSignal;
  command: string;
  /** Runtime flags from the CLI (images, docker network, urls). */
  flags: Record<string, unknown>;
  /** Called whenever results change (the CLI keeps the latest for its signal handler). */
  onResults?: (results: Results) => void;
  /** Shard i of N (`--shard`, `--start-at`): see bench/shard/run.ts for what changes. */
  shard?: ShardOptions;
  /** The phase kinds to run with (default: bench/phases/; tests add fixture kinds, run/registry.ts discoverPhases). */
  phases?: ReadonlyMap<string, PhaseModule>;
}

export interface RunOutcome {
  results: Results;
  resultsFile: string;
  /** A target failed (engine/runtime error, lost rows, mismatched answers). */
  targetFailed: boolean;
}

export function newRunId(): string {
  const d = new Date();
  const stamp = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const hint = err instanceof TargetError && err.hint ? ` — ${err.hint}` : '';
  return (msg.split('\n')[0] + hint).trim();
}

/** One target of the run while it is live: its result record, server, session and state. */
interface LiveTarget {
  planned: PlannedTarget;
  result: TargetResult;
  log: Logger;
  server?: RunningServer;
  session?: EngineSession;
  state: TargetState;
  /** Releases session and server (registered cleanups). */
  release: () => Promise<void>;
}

/** Trial order of one interleaved round: the live targets rotated by the trial index. */
export function roundOrder<T>(targets: readonly T[], trial: number): T[] {
  if (targets.length === 0) return [];
  const k = trial % targets.length;
  return [...targets.slice(k), ...targets.slice(0, k)];
}

export async function runScenario(opts: RunOptions): Promise<RunOutcome> {
  const { scenario, log } = opts;
  const runId = opts.shard ? ShardRun.runId(opts.shard, scenario) : newRunId();
  const resultsFile = join(opts.outDir, 'results.json');
  const [engines, runtimes, phases] = await Promise.all([loadEngines(), loadRuntimes(), opts.phases ?? loadPhases()]);
  for (const p of scenario.phases) {
    if (!phases.has(p.kind)) throw new TargetError(`phase kind '${p.kind}' has no implementation in bench/phases/`);
  }

  const requestFor = (engineName: string): ServerRequest => serverRequest(engines.get(engineName)!, scenario, runId, log, opts.signal, opts.flags);

  const plan = await planTargets({ scenario, engines, runtimes, request: (e) => requestFor(e.name) });
  log.info('plan:');
  for (const t of plan) log.info(`  ${t.id.padEnd(24)} ${t.available ? '' : 'SKIPPED '}${t.reason}`);

  log.info('planning the dataset (generating every stream once to fingerprint it)...');
  const dataset = await planDataset(scenario, phases, opts.signal);
  // shard: marks the planned streams of sharded phases with this shard's keys.
  const sharding = opts.shard ? await ShardRun.create(opts.shard, scenario, dataset, runId, log, opts.signal) : undefined;
  log.info(
    `dataset fingerprint ${dataset.fingerprint.fingerprint} (seed ${dataset.fingerprint.seed}, anchor ${dataset.fingerprint.anchor}, ${dataset.fingerprint.streams.reduce((a, s) => a + s.rows, 0)} rows in ${dataset.fingerprint.streams.length} streams)`,
  );

  const results: Results = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    methodologyVersion: METHODOLOGY_VERSION,
    tool: toolInfo(),
    runId,
    status: 'incomplete',
    statusReason: 'running',
    startedAt: new Date().toISOString(),
    command: opts.command,
    scenario,
    dataset: dataset.fingerprint,
    environment: environmentFingerprint(),
    plan: plan.map((t) => ({ target: t.id, engine: t.engine.name, runtime: t.runtimeKind ?? ('none' as never), reason: t.reason })),
    targets: [],
    trialOrder: [],
    answers: [],
    claims: [],
    warnings: [],
  };
  sharding?.attach(results); // shard
  const save = () => {
    writeResults(resultsFile, results);
    opts.onResults?.(results);
  };
  save();

  const tickShape = scenario.dataset.tables.market_price_ticks;
  const params = queryParams(scenario.dataset.anchorMs, tickShape ? mostPopularKey('market_price_ticks', tickShape, scenario.dataset.seed) : 'BTC-USD');
  const answers = new Map<string, Map<string, QueryAnswer>>();
  let targetFailed = false;

  const fail = async (live: LiveTarget, err: unknown, phaseId?: string) => {
    // Interrupts and bad input (e.g. a --url naming an unset variable) end the whole run.
    if (opts.signal.aborted || err instanceof InputError) throw err;
    live.result.status = 'failed';
    live.result.error = oneLine(err);
    if (phaseId) live.result.failedPhase = phaseId;
    targetFailed = true;
    live.log.warn(`FAILED${phaseId ? ` in phase ${phaseId}` : ''}: ${live.result.error}`);
    if (live.state.answers.size) answers.set(live.planned.id, live.state.answers);
    await live.release().catch(() => {});
    save();
  };

  // 1. Every available target is started before the first measured phase, so each phase can
  //    run its trials round by round across all of them.
  const live: LiveTarget[] = [];
  for (const planned of plan) {
    const target: TargetResult = {
      id: planned.id,
      engine: planned.engine.name,
      engineTitle: planned.engine.title,
      traits: planned.engine.traits ?? { timePartitioned: false },
      runtime: planned.runtimeKind ?? ('none' as never),
      runtimeLabel: planned.runtimeKind ?? 'none',
      reason: planned.reason,
      status: 'incomplete',
      phases: [],
    };
    results.targets.push(target);
    if (!planned.available || !planned.runtime) {
      target.status = 'skipped';
      target.error = planned.reason;
      target.hint = obtainHint(planned);
      log.warn(`${planned.id}: skipped — ${planned.reason}${target.hint ? ` (to include it: ${target.hint})` : ''}`);
      save();
      continue;
    }
    const entry: LiveTarget = {
      planned,
      result: target,
      log: log.child(planned.id),
      state: { expectedRows: new Map(), answers: new Map(), idlePhases: target.phases },
      release: async () => {},
    };
    try {
      entry.log.info(`starting ${planned.engine.title} (${planned.runtime.kind})...`);
      const server = await planned.runtime.start(requestFor(planned.engine.name));
      entry.server = server;
      const stopServer = registerCleanup(`${planned.id} server`, () => server.stop());
      entry.release = stopServer;
      target.runtimeLabel = server.label;
      target.server = server.details;
      await sharding?.beforeOpen(opts.signal); // shard
      const open = () =>
        planned.engine.open(server.endpoint, {
          ...sharding?.engineContext, // shard
          scenario,
          runId,
          options: scenario.engines[planned.engine.name] ?? { settings: {}, options: {} },
          log: entry.log,
          signal: opts.signal,
        });
      const session = sharding ? await sharding.open(open, dataset.tables, opts.signal) : await open(); // shard
      entry.session = session;
      const closeSession = registerCleanup(`${planned.id} session`, () => session.close());
      entry.release = async () => {
        await closeSession().catch(() => {});
        await stopServer();
      };
      target.engineVersion = session.info.version;
      target.versions = session.info.versions;
      target.settings = session.info.settings;
      entry.log.info(`${session.info.version} on ${server.label} (${server.endpoint.display})`);
      if (!sharding || sharding.createsSchema) await session.createTables(dataset.tables); // shard
      live.push(entry);
    } catch (err) {
      await fail(entry, err, 'start');
    }
    save();
  }

  // 2. Phases in scenario order; each phase on every live target before the next phase. A
  //    trial-wise phase runs round by round: trial 1 on every target, then trial 2 in a
  //    rotated order, ... (the order is recorded), so drift and noise hit every target alike.
  if (sharding) await sharding.barrier(results, opts.signal); // shard: the start barrier
  const sampleLoad = loadSampler();
  const alive = () => live.filter((t) => t.result.status === 'incomplete');
  const contextFor = (t: LiveTarget, spec: PhaseSpec, trial?: number): PhaseContext => ({
    scenario,
    target: { id: t.planned.id, engine: t.planned.engine.name, server: t.server!, session: sharding ? sharding.session(t.session!) : t.session! },
    streams: dataset.streams.get(spec.id) ?? [],
    queryParams: params,
    liveStartMs: dataset.liveStart.get(spec.id),
    tables: dataset.tables,
    state: t.state,
    log: t.log,
    progress: opts.progress,
    signal: opts.signal,
    ...(trial !== undefined ? { trial } : {}),
    ...(sharding ? { shard: sharding.context } : {}),
  });
  const runOnce = async (t: LiveTarget, spec: PhaseSpec, trial?: number): Promise<PhaseResult> => {
    const runner = phases.get(spec.kind)!;
    const resources: ResourceSample[] = [];
    const sampler = t.server!.sampleResources ? startSampler(t.server!, resources) : undefined;
    // Backstop for an engine that answers every operation (so no operation deadline fires)
    // but so slowly the run would never end: a deadline derived from the scenario (run/deadline.ts).
    const deadlineMs = phaseDeadlineMs(trial === undefined ? spec : { ...spec, trials: 1 }, scenario);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TargetError(
              `engine stopped responding: phase ${spec.id}${trial === undefined ? '' : ` trial ${trial + 1}`} exceeded its deadline of ${Math.round(deadlineMs / 1000)} s`,
            ),
          ),
        deadlineMs,
      );
      timer.unref();
    });
    try {
      // A server process that exits (or a docker daemon that goes away) names itself.
      const died = t.server!.died?.then((why) => Promise.reject(new TargetError(why)));
      died?.catch(() => {});
      const r = await Promise.race([runner.run(spec, contextFor(t, spec, trial)), expired, ...(died ? [died] : [])]);
      if (resources.length) r.resources = resources;
      return r;
    } finally {
      clearTimeout(timer);
      sampler?.stop();
    }
  };
  const record = (t: LiveTarget, spec: PhaseSpec, r: PhaseResult, load: PhaseResult['load']) => {
    if (load) r.load = load;
    t.result.phases.push(r);
    if (r.status === 'unsupported') t.log.info(`phase ${spec.id}: not supported — ${r.message}`);
    for (const w of r.warnings) t.log.warn(`${spec.id}: ${w}`);
  };

  const sessionsOf = (ts: LiveTarget[]) => ts.map((t) => ({ id: t.planned.id, session: t.session! }));
  for (const spec of sharding ? sharding.phases : scenario.phases) {
    const runner = phases.get(spec.kind)!;
    const targets = alive();
    if (targets.length === 0) break;
    await sharding?.beforePhase(spec, sessionsOf(targets), results, opts.signal); // shard: shard 0 waits for every shard's rows
    const before = sampleLoad();
    if (runner.trialwise && spec.trials >= 1) {
      log.info(`phase ${spec.id} (${spec.kind}): ${spec.trials} trial(s) interleaved across ${targets.map((t) => t.planned.id).join(', ')}`);
      const parts = new Map<LiveTarget, PhaseResult[]>(targets.map((t) => [t, []]));
      for (let trial = 0; trial < spec.trials; trial++) {
        const order = roundOrder(
          alive().filter((t) => parts.has(t)),
          trial,
        );
        if (order.length === 0) break;
        results.trialOrder!.push({ phase: spec.id, trial: trial + 1, order: order.map((t) => t.planned.id) });
        for (const t of order) {
          try {
            parts.get(t)!.push(await runOnce(t, spec, trial));
          } catch (err) {
            await fail(t, err, spec.id);
          }
        }
        save();
      }
      const after = sampleLoad();
      for (const [t, list] of parts) {
        if (list.length > 0) record(t, spec, mergeTrialResults(list), { before, after });
      }
    } else {
      const load: PhaseResult[] = [];
      for (const t of targets) {
        t.log.info(`phase ${spec.id} (${spec.kind})`);
        try {
          const r = await runOnce(t, spec);
          load.push(r);
          record(t, spec, r, undefined);
        } catch (err) {
          await fail(t, err, spec.id);
        }
      }
      const after = sampleLoad();
      for (const r of load) r.load = { before, after };
    }
    save();
  }

  await sharding?.beforePhase(undefined, sessionsOf(alive()), results, opts.signal); // shard
  // 3. Release every target that is still up.
  for (const t of live) {
    if (t.result.status !== 'incomplete') continue;
    t.result.status = 'ok';
    answers.set(t.planned.id, t.state.answers);
    try {
      await t.release();
    } catch (err) {
      t.log.warn(`stopping failed: ${oneLine(err)}`);
    }
  }
  save();

  results.answers = checkAnswers(answers);
  for (const a of results.answers.filter((x) => x.status === 'mismatch')) {
    targetFailed = true;
    log.warn(`answer mismatch for ${a.query}:\n    ${a.differences?.join('\n    ')}`);
  }
  const mismatch = results.answers.some((a) => a.status === 'mismatch');
  const skipped = results.targets.filter((t) => t.status === 'skipped');
  results.status = targetFailed || mismatch ? 'failed' : skipped.length > 0 ? 'partial' : 'complete';
  results.statusReason =
    results.status === 'complete'
      ? undefined
      : results.status === 'partial'
        ? `skipped (unavailable on this machine): ${skipped.map((t) => t.id).join(', ')}`
        : 'a target failed or answers differ (see targets[].error and answers)';
  // A shard's figures cover its keys only: its claims are evaluated on the merged data, by `merge`.
  results.claims = sharding ? [] : evaluateClaims(results);
  results.finishedAt = new Date().toISOString();
  save();
  return { results, resultsFile, targetFailed };
}

/** How to make an unavailable target available: the engine's own hints, or a generic one. */
function obtainHint(planned: PlannedTarget): string {
  const ways = planned.engine.obtain ?? [];
  return ways.length ? ways.join('; or ') : `install ${planned.engine.title} locally, provide a Docker image, or point at a server with --url ${planned.engine.name}=...`;
}

function startSampler(server: RunningServer, into: ResourceSample[]) {
  const t0 = performance.now();
  let busy = false;
  const timer = setInterval(() => {
    if (busy || into.length >= MAX_RESOURCE_SAMPLES_PER_PHASE) return;
    busy = true;
    server.sampleResources!()
      .then((s) => into.push({ tMs: Math.round(performance.now() - t0), ...s }))
      .catch(() => {})
      .finally(() => (busy = false));
  }, RESOURCE_SAMPLE_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
