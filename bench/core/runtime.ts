/**
 * The Runtime contract: how a server is obtained and released. One folder per runtime under
 * bench/runtimes/<kind>/ whose index.ts exports `runtime`. A runtime serves server families
 * (postgresql, influxdb) and reads the engine's requirements as data; it never tests an
 * engine's name.
 */
import type { Endpoint } from './sql.js';
import type { ServerFamily, ServerRequirements } from './engine.js';
import type { EngineName, EngineOptions, RuntimeKind, Scenario } from './scenario.js';
import type { Logger } from './log.js';

/** How often the runner samples a server's resources during a phase, and at most how many samples a phase keeps. */
export const RESOURCE_SAMPLE_INTERVAL_MS = 1000;
export const MAX_RESOURCE_SAMPLES_PER_PHASE = 600;

export interface ServerRequest {
  engine: EngineName;
  family: ServerFamily;
  requirements: ServerRequirements;
  options: EngineOptions;
  scenario: Scenario;
  runId: string;
  log: Logger;
  signal: AbortSignal;
  /** Runtime-specific flags from the CLI (e.g. docker network mode, image overrides, URLs). */
  flags: Record<string, unknown>;
}

export interface Availability {
  available: boolean;
  /** Why (not): "influxd 1.6.7 found at /usr/bin/influxd", "timescaledb not in pg_available_extensions". */
  reason: string;
}

export interface ResourceSample {
  /** ms since the phase started. */
  tMs: number;
  cpuPercent: number | null;
  memoryBytes: number | null;
}

export interface RunningServer {
  endpoint: Endpoint;
  runtime: RuntimeKind;
  /** How figures from it are labelled: 'native', 'embedded (WASM)', 'docker', 'external'. */
  label: string;
  /** Facts for results.json: binary path, image, port, data dir, limits... (no secrets). */
  details: Record<string, unknown>;
  /**
   * Allocated bytes on disk (blocks actually used, not apparent size) of the given paths
   * relative to the server's data directory, or of the whole data directory when no path is
   * given. null when the runtime cannot see the files (external, in-memory embedded).
   */
  allocatedBytes(paths?: readonly string[]): Promise<number | null>;
  /** Optional CPU/memory sample of the server (docker, native by PID). */
  sampleResources?(): Promise<Omit<ResourceSample, 'tMs'>>;
  /**
   * Resolves with one line naming what died ("postgres server process exited (killed by
   * SIGKILL)", "docker daemon went away") when the server ends without stop(); never resolves
   * otherwise. The runner races a target's phases against it.
   */
  died?: Promise<string>;
  /** Stops the server and removes everything it created. Idempotent; safe on signals. */
  stop(): Promise<void>;
}

/** A command-line option a runtime adds to `run` (the subset of yargs' option fields it needs). */
export interface RuntimeCliOption {
  type: 'string' | 'boolean' | 'number';
  array?: boolean;
  choices?: readonly string[];
  default?: string | boolean | number;
  describe: string;
}

/**
 * The `run` options a runtime owns: declared here, added to `run --help` by the command, and
 * turned into the runtime's part of ServerRequest.flags — so a runtime's flags live in its folder.
 */
export interface RuntimeCli {
  options: Readonly<Record<string, RuntimeCliOption>>;
  /** This runtime's entries of ServerRequest.flags from the parsed values of its options (by option name). */
  flags(values: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

export interface Runtime {
  kind: RuntimeKind;
  /** Lower is preferred by `auto` (docker 10, native 20, embedded 30; external never auto). */
  autoPreference: number | null;
  /** Options this runtime adds to `run`. */
  cli?: RuntimeCli;
  probe(request: ServerRequest): Promise<Availability>;
  start(request: ServerRequest): Promise<RunningServer>;
}
