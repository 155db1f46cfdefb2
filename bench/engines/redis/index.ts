/**
 * Engine `redis`: the seed's short-lived tier ("Redis (Cache/Ephemeral)": live:source:{id}:behavior,
 * ratelimit:api:{endpoint}, queue:ingestion, < 1 hour TTL) plus the last hour of ticks per
 * symbol, so the dashboard's point reads can be compared with the same reads from the
 * hypertable (scenarios/hot-tier.yaml). Storage is memory (INFO memory, MEMORY USAGE).
 */
import type { Engine, EngineContext, EngineSession } from '../../core/engine.js';
import type { Endpoint } from '../../core/sql.js';
import { registerSecret } from '../../core/redact.js';
import { TargetError } from '../../core/errors.js';
import { openRedisSession } from './session.js';

async function open(endpoint: Endpoint, ctx: EngineContext): Promise<EngineSession> {
  if (endpoint.protocol !== 'redis') throw new TargetError(`engine redis needs a Redis endpoint, got ${endpoint.protocol} (${endpoint.display})`);
  registerSecret(endpoint.password);
  return openRedisSession(endpoint, ctx);
}

export const engine: Engine = {
  name: 'redis',
  title: 'Redis',
  server: 'redis',
  requirements: {},
  open,
};
