/**
 * `tsdb-bench clean`: removes the containers the harness started (label tsdb-bench=1) and that
 * were left behind by runs that were killed, or every container of one run. Without Ryuk,
 * containers of a killed process stay behind until this runs.
 *
 * Without a run id only leftovers are removed: a container whose owning harness process still
 * runs on this host belongs to a run in progress (another terminal, another CI job on the same
 * daemon) and is kept, as is one started from another host (its owner cannot be checked from
 * here); both are reported. With a run id, that run's containers are removed whatever their
 * owner's state: the user named them.
 */
import { silentLogger, type Logger } from '../../core/log.js';
import { dockerClient, dockerode } from './daemon.js';
import { LABEL, RUN_ID_LABEL } from './container.js';
import { ownerState } from './owner.js';

export interface KeptContainer {
  id: string;
  runId: string;
  why: string;
}

export interface CleanOutcome {
  removed: number;
  kept: KeptContainer[];
}

/** Removes leftover containers (see above) and says which ones were kept and why. */
export async function cleanLeftovers(options: { runId?: string; log?: Logger } = {}): Promise<CleanOutcome> {
  const log = options.log ?? silentLogger;
  const docker = dockerode(await dockerClient(log));
  const filters = [`${LABEL}=1`];
  if (options.runId) filters.push(`${RUN_ID_LABEL}=${options.runId}`);
  const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: filters }) });
  const outcome: CleanOutcome = { removed: 0, kept: [] };
  for (const c of list) {
    const labels = c.Labels ?? {};
    const runId = labels[RUN_ID_LABEL] ?? '?';
    if (!options.runId) {
      const owner = ownerState(labels);
      if (owner.state !== 'gone') {
        const why = owner.state === 'alive' ? `its run is in progress (harness PID ${owner.pid})` : owner.why;
        outcome.kept.push({ id: c.Id.slice(0, 12), runId, why });
        log.info(`clean: kept ${c.Id.slice(0, 12)} of run ${runId}: ${why}; \`tsdb-bench clean --run-id ${runId}\` removes it anyway`);
        continue;
      }
    }
    try {
      await docker.getContainer(c.Id).remove({ force: true, v: true });
      outcome.removed++;
      log.info(`clean: removed ${c.Id.slice(0, 12)} (run ${runId}, ${c.Image})`);
    } catch (err) {
      // 404: gone meanwhile; 409: its own run is removing it right now.
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== 404 && status !== 409) throw err;
    }
  }
  return outcome;
}

/** cleanLeftovers(), returning only the number of containers removed. */
export async function cleanContainers(options: { runId?: string; log?: Logger } = {}): Promise<number> {
  return (await cleanLeftovers(options)).removed;
}
