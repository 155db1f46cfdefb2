/**
 * Runtime `external`: servers the user already runs, reached by URL (`--url <engine>=<url>` or
 * `engines.<name>.options.url`), secrets from environment variables and always redacted. Never
 * chosen by `auto`. The harness creates and drops only its own namespace there (the engine's
 * job); the runtime starts, stops and measures nothing on the server (allocatedBytes is null).
 */
import type { Runtime } from '../../core/runtime.js';
import { runtimeFromProviders } from '../family.js';
import { externalCli } from './cli.js';
import { postgresqlExternal } from './postgresql.js';
import { influxdbExternal } from './influxdb.js';

export const runtime: Runtime = {
  ...runtimeFromProviders('external', null, {
    postgresql: postgresqlExternal,
    influxdb: influxdbExternal,
  }),
  cli: externalCli,
};
