/**
 * Resolves which runtime serves each engine. `auto` takes, per engine, the most
 * production-like runtime available (docker with the image present > native > embedded) and
 * says why. Then comparability: ratios are only computed between targets on the same runtime
 * kind, so when engines of one server family ended up on different runtimes (TimescaleDB only
 * embedded, PostgreSQL native), the others of that family are also run on that runtime.
 */
import type { Engine } from '../core/engine.js';
import type { Runtime, ServerRequest } from '../core/runtime.js';
import { InputError } from '../core/errors.js';
import type { RuntimeKind, Scenario } from '../core/scenario.js';

/** A target a runtime will serve. */
export interface AvailableTarget {
  available: true;
  id: string;
  engine: Engine;
  runtime: Runtime;
  runtimeKind: RuntimeKind;
  reason: string;
}

/** A target no runtime can serve: reported skipped with `reason`. */
export interface UnavailableTarget {
  available: false;
  /** `${engine}@none` */
  id: string;
  engine: Engine;
  runtime: null;
  runtimeKind: null;
  reason: string;
}

/** One planned target; narrow on `available` to get its runtime. */
export type PlannedTarget = AvailableTarget | UnavailableTarget;

export type RequestFactory = (engine: Engine) => ServerRequest;

/** Parses `--targets postgres,timescaledb@embedded` entries. */
export function parseTargetSpec(spec: string): { engine: string; runtime?: string } {
  const [engine, runtime] = spec.split('@');
  return runtime ? { engine, runtime } : { engine };
}

export async function planTargets(opts: { scenario: Scenario; engines: Map<string, Engine>; runtimes: Map<string, Runtime>; request: RequestFactory }): Promise<PlannedTarget[]> {
  const { scenario, engines, runtimes } = opts;
  const planned: PlannedTarget[] = [];
  const autoOrder = [...runtimes.values()].filter((r) => r.autoPreference !== null).sort((a, b) => a.autoPreference! - b.autoPreference!);

  for (const spec of scenario.targets) {
    const { engine: engineName, runtime: pinned } = parseTargetSpec(spec);
    const engine = engines.get(engineName);
    if (!engine) throw new InputError(`unknown engine '${engineName}' in targets (known: ${[...engines.keys()].join(', ')})`);
    const choice = pinned ?? scenario.runtime;
    const request = opts.request(engine);
    if (choice !== 'auto') {
      const runtime = runtimes.get(choice);
      if (!runtime) throw new InputError(`unknown runtime '${choice}' (known: auto, ${[...runtimes.keys()].join(', ')})`);
      // A runtime the user asked for is attempted even when the probe doubts it (the docker
      // runtime pulls a missing image on start, for instance); start() fails with its own
      // one-line error otherwise.
      const a = await runtime.probe(request);
      planned.push({
        id: `${engine.name}@${runtime.kind}`,
        engine,
        runtime,
        runtimeKind: runtime.kind,
        reason: a.available ? `requested: ${a.reason}` : `requested (probe: ${a.reason})`,
        available: true,
      });
      continue;
    }
    const notes: string[] = [];
    let chosen: AvailableTarget | undefined;
    for (const runtime of autoOrder) {
      const a = await runtime.probe(request);
      if (a.available) {
        chosen = {
          id: `${engine.name}@${runtime.kind}`,
          engine,
          runtime,
          runtimeKind: runtime.kind,
          reason: `auto: ${a.reason}${notes.length ? ` (not ${notes.join('; not ')})` : ''}`,
          available: true,
        };
        break;
      }
      notes.push(`${runtime.kind}: ${a.reason}`);
    }
    planned.push(
      chosen ?? { id: `${engine.name}@none`, engine, runtime: null, runtimeKind: null, reason: `no runtime can serve ${engine.name}: ${notes.join('; ')}`, available: false },
    );
  }

  // Like-for-like: engines of one server family on different runtime kinds get a companion
  // target on the other kind, so every ratio inside the family has a same-runtime pair.
  if (scenario.runtime === 'auto') {
    const extra: AvailableTarget[] = [];
    const available = planned.filter((p): p is AvailableTarget => p.available);
    for (const t of available) {
      for (const other of available.filter((p) => p.engine.server === t.engine.server && p.runtimeKind !== t.runtimeKind)) {
        const id = `${t.engine.name}@${other.runtimeKind}`;
        if (planned.some((p) => p.id === id) || extra.some((p) => p.id === id)) continue;
        const a = await other.runtime.probe(opts.request(t.engine));
        if (a.available) {
          extra.push({
            id,
            engine: t.engine,
            runtime: other.runtime,
            runtimeKind: other.runtimeKind,
            reason: `like-for-like companion of ${other.id} (ratios are only computed on the same runtime kind): ${a.reason}`,
            available: true,
          });
        }
      }
    }
    planned.push(...extra);
  }
  return planned;
}
