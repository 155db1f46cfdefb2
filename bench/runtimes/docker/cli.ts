/** The `run` options of the docker runtime (declared here, added to `run` by the command). */
import type { RuntimeCli } from '../../core/runtime.js';
import { parsePairs } from '../../core/pairs.js';

export const dockerCli: RuntimeCli = {
  options: {
    image: { type: 'string', array: true, describe: 'Docker image per engine: --image postgres=postgres:16-bookworm' },
    'docker-network': { type: 'string', choices: ['bridge', 'host'], describe: 'Docker networking: mapped ports (bridge, default) or host network bound to 127.0.0.1' },
    'docker-pull': {
      type: 'boolean',
      default: process.env.TSDB_BENCH_DOCKER_PULL !== '0',
      describe: 'Pull a missing docker image (--no-docker-pull, or TSDB_BENCH_DOCKER_PULL=0, never contacts a registry: for machines without one)',
    },
  },
  flags: (v) => ({
    images: parsePairs(v.image as string[] | undefined, 'image'),
    dockerNetwork: v['docker-network'],
    dockerPull: v['docker-pull'],
  }),
};
