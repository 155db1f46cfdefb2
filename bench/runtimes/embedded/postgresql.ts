/**
 * Provider of the `postgresql` family for the embedded runtime: a PGlite instance in this
 * process (in-memory data dir). The build is chosen from the engine's requirements as data:
 * vanilla PGlite, or the TimescaleDB build when the `timescaledb` extension is required.
 *
 * - One shared session (maxSessions 1): every connect() returns a client over the same instance.
 * - shared_preload_libraries does not exist here: each required preload library is LOADed into
 *   the session at start instead; settings are applied with SET on that session and reported
 *   per name as applied / placeholder (accepted but unknown to the server) / rejected
 *   (e.g. postmaster-only parameters such as shared_buffers).
 * - Resources: the server runs inside the harness process, so sampleResources() reports the
 *   harness process's RSS and CPU (harness + server together).
 */
import type { FamilyProvider } from '../family.js';
import type { Availability, RunningServer, ServerRequest } from '../../core/runtime.js';
import { TargetError } from '../../core/errors.js';
import type { SqlEndpoint } from '../../core/sql.js';
import { registerCleanup } from '../../core/cleanup.js';
import { createPgliteClient } from '../../sql/pglite.js';
import { chooseBuild, packageLabel, type EmbeddedInstance } from './builds.js';
import { memfsAllocatedBytes } from './memfs.js';

type SettingOutcome = 'applied' | 'placeholder' | 'rejected';

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** SETs each setting on the shared session and reports what became of it. */
async function applySettings(db: EmbeddedInstance, settings: Record<string, string>): Promise<Record<string, { value: string; outcome: SettingOutcome; message?: string }>> {
  const out: Record<string, { value: string; outcome: SettingOutcome; message?: string }> = {};
  for (const [name, value] of Object.entries(settings)) {
    try {
      await db.query(`SELECT set_config($1, $2, false)`, [name, value]);
      // Placeholders (custom names no loaded module defines) are hidden from pg_settings.
      const known = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_settings WHERE name = $1`, [name]);
      out[name] = { value, outcome: known.rows[0]?.n ? 'applied' : 'placeholder' };
    } catch (err) {
      out[name] = { value, outcome: 'rejected', message: errorMessage(err) };
    }
  }
  return out;
}

/** CPU% of this process between two calls, and its RSS. */
function processSampler(): () => Promise<{ cpuPercent: number | null; memoryBytes: number | null }> {
  let lastCpu = process.cpuUsage();
  let lastAt = process.hrtime.bigint();
  return async () => {
    const cpu = process.cpuUsage();
    const at = process.hrtime.bigint();
    const wallUs = Number(at - lastAt) / 1000;
    const usedUs = cpu.user - lastCpu.user + (cpu.system - lastCpu.system);
    lastCpu = cpu;
    lastAt = at;
    return {
      cpuPercent: wallUs > 0 ? (100 * usedUs) / wallUs : null,
      memoryBytes: process.memoryUsage().rss,
    };
  };
}

export const postgresqlEmbedded: FamilyProvider = {
  async probe(request: ServerRequest): Promise<Availability> {
    const choice = chooseBuild(request.requirements.extensions, request.requirements.preloadLibraries);
    if (!choice.build) return { available: false, reason: choice.reason };
    try {
      packageLabel(choice.build);
    } catch (err) {
      return { available: false, reason: `${choice.build.package} is not installed: ${errorMessage(err)}` };
    }
    return { available: true, reason: choice.reason };
  },

  async start(request: ServerRequest): Promise<RunningServer> {
    const { requirements } = request;
    const choice = chooseBuild(requirements.extensions, requirements.preloadLibraries);
    if (!choice.build) throw new TargetError(choice.reason);
    const build = choice.build;
    request.signal.throwIfAborted();

    const log = request.log.child('embedded');
    const startedAt = Date.now();
    const db = await build.create();
    const stop = registerCleanup(`embedded PGlite (${build.package})`, async () => {
      if (!db.closed) await db.close();
    });

    try {
      request.signal.throwIfAborted();
      for (const lib of requirements.preloadLibraries ?? []) {
        await db.query(`LOAD '${lib.replace(/'/g, "''")}'`);
      }
      const settings = await applySettings(db, { ...(requirements.settings ?? {}), ...request.options.settings });
      for (const [name, s] of Object.entries(settings)) {
        if (s.outcome !== 'applied') log.warn(`setting ${name}=${s.value} ${s.outcome}${s.message ? `: ${s.message}` : ''}`);
      }
      const facts = await db.query<{ v: string; d: string }>(`SELECT current_setting('server_version') AS v, current_setting('data_directory') AS d`);
      const postgresql = facts.rows[0].v;
      const dataDir = facts.rows[0].d;
      const fs = db.Module?.FS;
      log.info(`${packageLabel(build)} ready in ${Date.now() - startedAt} ms (PostgreSQL ${postgresql})`);

      const endpoint: SqlEndpoint = {
        protocol: 'sql',
        connect: () => createPgliteClient(db, { ownsInstance: false }),
        maxSessions: 1,
        display: `pglite://in-process (${build.package})`,
      };
      const sample = processSampler();

      return {
        endpoint,
        runtime: 'embedded',
        label: 'embedded (WASM)',
        details: {
          build: packageLabel(build),
          postgresql,
          note: build.note,
          dataDir: `${dataDir} (in-memory Emscripten MEMFS)`,
          preloadLibraries: `LOADed into the session at start: ${(requirements.preloadLibraries ?? []).join(', ') || 'none'}`,
          settings,
          resources: 'sampleResources() = the harness process (the server runs in-process): RSS and CPU of harness + server',
          allocatedBytes: fs ? 'sum of MEMFS file sizes under the data dir (no blocks/sparse files in memory)' : 'not available (Emscripten FS not exposed)',
          startMs: Date.now() - startedAt,
        },
        // When the package exposes its Emscripten FS (db.Module.FS), sizes come from MEMFS;
        // otherwise null (the files are not visible from outside the instance).
        async allocatedBytes(paths?: readonly string[]): Promise<number | null> {
          if (!fs || db.closed) return null;
          return memfsAllocatedBytes(fs, dataDir, paths);
        },
        sampleResources: sample,
        stop,
      };
    } catch (err) {
      await stop();
      throw err;
    }
  },
};
