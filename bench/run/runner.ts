/**
 * Runs a scenario: plan targets, plan the dataset (fingerprint), then each target in turn —
 * start its server, open the engine, run the phases, release everything — saving results.json
 * after every phase so a failure or Ctrl-C keeps what was measured (marked incomplete).
 * Finally: cross-target answer check, claim verdicts, reports.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { EngineSession } from '../core/engine.js';
import type { Logger } from '../core/log.js';
import type { Results, TargetResult } from '../core/results.js';
import { METHODOLOGY_VERSION, RESULTS_SCHEMA_VERSION } from '../core/results.js';
import type { RunningServer, ServerRequest } from '../core/runtime.js';
import { InputError, TargetError } from '../core/runtime.js';
import type { Scenario } from '../core/scenario.js';
import { registerCleanup } from '../core/cleanup.js';
import { loadEngines, loadPhases, loadRuntimes } from '../core/registry.js';
import { environmentFingerprint } from '../measure/env.js';
import type { ProgressFactory } from '../measure/progress.js';
import { mostPopularKey } from '../generate/index.js';
import { queryParams } from '../queries/catalog.js';
import type { QueryAnswer } from '../queries/catalog.js';
import type { PhaseContext, TargetState } from '../phases/types.js';
import { planDataset } from './dataset.js';
import { planTargets } from './plan.js';
import { checkAnswers } from './answers.js';
import { writeResults } from './results-file.js';
import { toolInfo } from './tool.js';
import { serverRequest } from './request.js';

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

export async function runScenario(opts: RunOptions): Promise<RunOutcome> {
  const { scenario, log } = opts;
  const runId = newRunId();
  const resultsFile = join(opts.outDir, 'results.json');
  const [engines, runtimes, phases] = await Promise.all([loadEngines(), loadRuntimes(), loadPhases()]);
  for (const p of scenario.phases) {
    if (!phases.has(p.kind)) throw new TargetError(`phase kind '${p.kind}' has no implementation in bench/phases/`);
  }

  const requestFor = (engineName: string): ServerRequest => serverRequest(engines.get(engineName)!, scenario, runId, log, opts.signal, opts.flags);

  const plan = await planTargets({ scenario, engines, runtimes, request: (e) => requestFor(e.name) });
  log.info('plan:');
  for (const t of plan) log.info(`  ${t.id.padEnd(24)} ${t.available ? '' : 'UNAVAILABLE '}${t.reason}`);

  log.info('planning the dataset (generating every stream once to fingerprint it)...');
  const dataset = planDataset(scenario, phases);
  log.info(`dataset fingerprint ${dataset.fingerprint.fingerprint} (seed ${dataset.fingerprint.seed}, anchor ${dataset.fingerprint.anchor}, ${dataset.fingerprint.streams.reduce((a, s) => a + s.rows, 0)} rows in ${dataset.fingerprint.streams.length} streams)`);

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
    answers: [],
    claims: [],
    warnings: [],
  };
  const save = () => {
    writeResults(resultsFile, results);
    opts.onResults?.(results);
  };
  save();

  const tickShape = scenario.dataset.tables.market_price_ticks;
  const params = queryParams(scenario.dataset.anchorMs, tickShape ? mostPopularKey('market_price_ticks', tickShape, scenario.dataset.seed) : 'BTC-USD');
  const answers = new Map<string, Map<string, QueryAnswer>>();
  let targetFailed = false;

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
      target.status = 'failed';
      target.error = planned.reason;
      targetFailed = true;
      log.warn(`${planned.id}: ${planned.reason}`);
      save();
      continue;
    }
    const tlog = log.child(planned.id);
    let server: RunningServer | undefined;
    let session: EngineSession | undefined;
    const state: TargetState = { expectedRows: new Map(), answers: new Map(), idlePhases: target.phases };
    try {
      tlog.info(`starting ${planned.engine.title} (${planned.runtime.kind})...`);
      server = await planned.runtime.start(requestFor(planned.engine.name));
      const stopServer = registerCleanup(`${planned.id} server`, () => server!.stop());
      target.runtimeLabel = server.label;
      target.server = server.details;
      session = await planned.engine.open(server.endpoint, {
        scenario,
        runId,
        options: scenario.engines[planned.engine.name] ?? { settings: {}, options: {} },
        log: tlog,
        signal: opts.signal,
      });
      const closeSession = registerCleanup(`${planned.id} session`, () => session!.close());
      target.engineVersion = session.info.version;
      target.versions = session.info.versions;
      target.settings = session.info.settings;
      tlog.info(`${session.info.version} on ${server.label} (${server.endpoint.display})`);
      await session.createTables(dataset.tables);
      save();
      for (const spec of scenario.phases) {
        const runner = phases.get(spec.kind)!;
        const ctx: PhaseContext = {
          scenario,
          target: { id: planned.id, engine: planned.engine.name, server, session },
          streams: dataset.streams.get(spec.id) ?? [],
          queryParams: params,
          liveStartMs: dataset.liveStart.get(spec.id),
          tables: dataset.tables,
          state,
          log: tlog,
          progress: opts.progress,
          signal: opts.signal,
        };
        tlog.info(`phase ${spec.id} (${spec.kind})`);
        const resources: { tMs: number; cpuPercent: number | null; memoryBytes: number | null }[] = [];
        const sampler = server.sampleResources ? startSampler(server, resources) : undefined;
        try {
          const phaseResult = await runner.run(spec, ctx);
          if (resources.length) phaseResult.resources = resources;
          target.phases.push(phaseResult);
          if (phaseResult.status === 'unsupported') tlog.info(`phase ${spec.id}: not supported — ${phaseResult.message}`);
          for (const w of phaseResult.warnings) tlog.warn(`${spec.id}: ${w}`);
        } finally {
          sampler?.stop();
        }
        save();
      }
      target.status = 'ok';
      answers.set(planned.id, state.answers);
      await closeSession();
      await stopServer();
    } catch (err) {
      // Interrupts and bad input (e.g. a --url naming an unset variable) end the whole run.
      if (opts.signal.aborted || err instanceof InputError) throw err;
      target.status = 'failed';
      target.error = oneLine(err);
      targetFailed = true;
      tlog.warn(`failed: ${target.error}`);
      if (state.answers.size) answers.set(planned.id, state.answers);
      await session?.close().catch(() => {});
      await server?.stop().catch(() => {});
    }
    save();
  }

  results.answers = checkAnswers(answers);
  for (const a of results.answers.filter((x) => x.status === 'mismatch')) {
    targetFailed = true;
    log.warn(`answer mismatch for ${a.query}:\n    ${a.differences?.join('\n    ')}`);
  }
  results.status = results.targets.every((t) => t.status === 'ok') && results.answers.every((a) => a.status !== 'mismatch') ? 'complete' : 'failed';
  results.statusReason = results.status === 'complete' ? undefined : 'a target failed or answers differ (see targets[].error and answers)';
  results.finishedAt = new Date().toISOString();
  save();
  return { results, resultsFile, targetFailed };
}

function startSampler(server: RunningServer, into: { tMs: number; cpuPercent: number | null; memoryBytes: number | null }[]) {
  const t0 = performance.now();
  let busy = false;
  const timer = setInterval(() => {
    if (busy || into.length >= 600) return;
    busy = true;
    server
      .sampleResources!()
      .then((s) => into.push({ tMs: Math.round(performance.now() - t0), ...s }))
      .catch(() => {})
      .finally(() => (busy = false));
  }, 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
