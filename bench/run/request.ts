/** What a runtime is asked for when it starts a server for an engine. */
import type { Engine } from '../core/engine.js';
import type { Logger } from '../core/log.js';
import type { ServerRequest } from '../core/runtime.js';
import type { Scenario } from '../core/scenario.js';

export function serverRequest(
  engine: Pick<Engine, 'name' | 'server' | 'requirements'>,
  scenario: Scenario,
  runId: string,
  log: Logger,
  signal: AbortSignal,
  flags: Record<string, unknown>,
): ServerRequest {
  return {
    engine: engine.name,
    family: engine.server,
    requirements: engine.requirements,
    options: scenario.engines[engine.name] ?? { settings: {}, options: {} },
    scenario,
    runId,
    log: log.child(engine.name),
    signal,
    flags,
  };
}
