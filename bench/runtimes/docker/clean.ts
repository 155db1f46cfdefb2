/**
 * `tsdb-bench clean`: removes every container the harness started (label tsdb-bench=1), or only
 * those of one run. Without Ryuk, containers of a killed process stay behind until this runs.
 */
import { silentLogger, type Logger } from '../../core/log.js';
import { dockerClient, dockerode, removeContainersByLabel } from './daemon.js';
import { LABEL, RUN_ID_LABEL } from './container.js';

export async function cleanContainers(options: { runId?: string; log?: Logger } = {}): Promise<number> {
  const client = await dockerClient(options.log ?? silentLogger);
  const labels: Record<string, string> = { [LABEL]: '1' };
  if (options.runId) labels[RUN_ID_LABEL] = options.runId;
  return removeContainersByLabel(dockerode(client), labels);
}
