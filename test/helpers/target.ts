/**
 * Starts one real target — a runtime's server plus the engine's session on it, tables created —
 * for integration tests that call a phase runner directly, and builds the PhaseContext exactly
 * as bench/run/runner.ts does (dataset plan, live regions, query parameters, shared target
 * state). Everything is the harness's own code: no mocks.
 *
 *   const scenario = scenarioFromYaml(`targets: [postgres]\nphases: [...]`);
 *   const target = await startTarget({ scenario, engine: 'postgres', runtime: 'native' });
 *   try {
 *     await target.runPhase('preload');
 *     const result = await target.runPhase('saturate');
 *   } finally {
 *     await target.stop();
 *   }
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, EngineSession } from '../../bench/core/engine.js';
import { createLogger, silentLogger, type Logger } from '../../bench/core/log.js';
import type { PhaseResult } from '../../bench/core/results.js';
import type { Availability, RunningServer, ServerRequest } from '../../bench/core/runtime.js';
import type { RuntimeKind, Scenario } from '../../bench/core/scenario.js';
import { loadEngines, loadPhases, loadRuntimes } from '../../bench/run/registry.js';
import { mostPopularKey } from '../../bench/generate/index.js';
import { createProgress } from '../../bench/measure/progress.js';
import type { PhaseContext, PhaseRunner, TargetState } from '../../bench/phases/types.js';
import { queryParams } from '../../bench/queries/catalog.js';
import { planDataset, type DatasetPlan } from '../../bench/phases/dataset.js';
import { newRunId } from '../../bench/run/runner.js';
import { loadScenario } from '../../bench/run/scenario.js';
import { serverRequest } from '../../bench/run/request.js';

/**
 * Loads a scenario given as YAML text, through the real loader (schema, units, defaults). The
 * text may omit `name` and `description`.
 */
export function scenarioFromYaml(yaml: string): Scenario {
  const dir = mkdtempSync(join(tmpdir(), 'tsdb-bench-test-scenario-'));
  try {
    const file = join(dir, 'test-scenario.yaml');
    const header = /^name:/m.test(yaml) ? '' : 'name: test-scenario\n';
    const description = /^description:/m.test(yaml) ? '' : 'description: integration test scenario\n';
    writeFileSync(file, header + description + yaml);
    return loadScenario(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface StartTargetOptions {
  scenario: Scenario;
  engine: string;
  runtime: RuntimeKind;
  /** Runtime flags as the CLI would pass them (default: no docker pulls). */
  flags?: Record<string, unknown>;
  /** Log lines (default: silent; set TSDB_BENCH_TEST_LOG=1 to see them on stderr). */
  log?: Logger;
  signal?: AbortSignal;
}

export interface StartedTarget {
  /** `${engine}@${runtime}` */
  id: string;
  scenario: Scenario;
  server: RunningServer;
  session: EngineSession;
  /** What earlier phases left behind (expected rows, answers, earlier phase results). */
  state: TargetState;
  dataset: DatasetPlan;
  /** The PhaseContext of phase `phaseId`, as the runner builds it; `overrides` replace fields. */
  context(phaseId: string, overrides?: Partial<PhaseContext>): PhaseContext;
  /**
   * Runs phase `phaseId` with its registered runner and records the result as an earlier phase
   * of this target (the runner does the same), so later phases see it (e.g. idle figures).
   */
  runPhase(phaseId: string, overrides?: Partial<PhaseContext>): Promise<PhaseResult>;
  /** Closes the session (drops the namespace) and stops the server. Idempotent. */
  stop(): Promise<void>;
}

function testLogger(): Logger {
  return process.env.TSDB_BENCH_TEST_LOG === '1' ? createLogger({}) : silentLogger;
}

function request(
  scenario: Scenario,
  engine: Pick<Engine, 'name' | 'server' | 'requirements'>,
  runId: string,
  log: Logger,
  signal: AbortSignal,
  flags: Record<string, unknown>,
): ServerRequest {
  return serverRequest(engine, scenario, runId, log, signal, flags);
}

/** Whether `engine` can run on `runtime` here, with the runtime's own reason (for needs()). */
export async function probeTarget(scenario: Scenario, engineName: string, runtimeKind: RuntimeKind): Promise<Availability> {
  const [engines, runtimes] = await Promise.all([loadEngines(), loadRuntimes()]);
  const engine = engines.get(engineName);
  const runtime = runtimes.get(runtimeKind);
  if (!engine) return { available: false, reason: `no engine named ${engineName}` };
  if (!runtime) return { available: false, reason: `no runtime named ${runtimeKind}` };
  return runtime.probe(request(scenario, engine, newRunId(), silentLogger, new AbortController().signal, { dockerPull: false }));
}

export async function startTarget(opts: StartTargetOptions): Promise<StartedTarget> {
  const { scenario } = opts;
  const log = opts.log ?? testLogger();
  const signal = opts.signal ?? new AbortController().signal;
  const [engines, runtimes, phases] = await Promise.all([loadEngines(), loadRuntimes(), loadPhases()]);
  const engine = engines.get(opts.engine);
  const runtime = runtimes.get(opts.runtime);
  if (!engine) throw new Error(`no engine named ${opts.engine}`);
  if (!runtime) throw new Error(`no runtime named ${opts.runtime}`);
  const runId = newRunId();
  const id = `${engine.name}@${runtime.kind}`;
  const dataset = await planDataset(scenario, phases, signal);
  const tickShape = scenario.dataset.tables.market_price_ticks;
  const params = queryParams(scenario.dataset.anchorMs, tickShape ? mostPopularKey('market_price_ticks', tickShape, scenario.dataset.seed) : 'BTC-USD');

  const server = await runtime.start(request(scenario, engine, runId, log, signal, opts.flags ?? { dockerPull: false }));
  let session: EngineSession;
  try {
    session = await engine.open(server.endpoint, { scenario, runId, options: scenario.engines[engine.name] ?? { settings: {}, options: {} }, log: log.child(id), signal });
  } catch (err) {
    await server.stop();
    throw err;
  }
  const phaseResults: PhaseResult[] = [];
  const state: TargetState = { expectedRows: new Map(), answers: new Map(), idlePhases: phaseResults };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await session.close();
    } finally {
      await server.stop();
    }
  };
  try {
    await session.createTables(dataset.tables);
  } catch (err) {
    await stop();
    throw err;
  }

  const context = (phaseId: string, overrides: Partial<PhaseContext> = {}): PhaseContext => {
    if (!scenario.phases.some((p) => p.id === phaseId)) throw new Error(`no phase '${phaseId}' in the scenario (${scenario.phases.map((p) => p.id).join(', ')})`);
    return {
      scenario,
      target: { id, engine: engine.name, server, session },
      streams: dataset.streams.get(phaseId) ?? [],
      queryParams: params,
      liveStartMs: dataset.liveStart.get(phaseId),
      tables: dataset.tables,
      state,
      log: log.child(id),
      progress: createProgress({ quiet: true, tty: false, log }),
      signal,
      ...overrides,
    };
  };

  return {
    id,
    scenario,
    server,
    session,
    state,
    dataset,
    context,
    async runPhase(phaseId, overrides) {
      const spec = scenario.phases.find((p) => p.id === phaseId);
      if (!spec) throw new Error(`no phase '${phaseId}' in the scenario`);
      const runner = phases.get(spec.kind) as PhaseRunner | undefined;
      if (!runner) throw new Error(`phase kind '${spec.kind}' has no implementation`);
      const result = await runner.run(spec, context(phaseId, overrides));
      phaseResults.push(result);
      return result;
    },
    stop,
  };
}
