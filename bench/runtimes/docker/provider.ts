/**
 * The docker FamilyProvider, written once: prepare the target (image, profile, network,
 * limits), start the container with per-run secrets, and let the family say how its endpoint
 * looks. postgresql.ts and influxdb.ts only supply `endpointFor`.
 */
import { randomBytes } from 'node:crypto';
import { registerSecret } from '../../core/redact.js';
import type { Endpoint } from '../../core/sql.js';
import type { RunningServer, ServerRequest } from '../../core/runtime.js';
import type { FamilyProvider } from '../family.js';
import { startServerContainer, type ServerContainer } from './container.js';
import { prepareTarget, probeTarget } from './target.js';
import { createInflux1Admin } from '../influx1-auth.js';

/** A random secret (URL-safe, no characters that need quoting in URLs or shells). */
export function newSecret(bytes = 18): string {
  const secret = randomBytes(bytes).toString('base64url');
  registerSecret(secret);
  return secret;
}

export function dockerProvider(endpointFor: (container: ServerContainer, image: string) => Endpoint): FamilyProvider {
  return {
    probe: probeTarget,
    async start(request: ServerRequest): Promise<RunningServer> {
      const target = await prepareTarget(request);
      const container = await startServerContainer({
        client: target.client,
        facts: target.facts,
        profile: target.profile,
        network: target.network,
        resources: target.resources,
        engine: request.engine,
        runId: request.runId,
        log: request.log,
        signal: request.signal,
        planInput: {
          settings: { ...(request.requirements.settings ?? {}), ...request.options.settings },
          preloadLibraries: request.requirements.preloadLibraries ?? [],
          password: newSecret(),
          token: newSecret(32),
        },
      });
      let endpoint: Endpoint;
      try {
        endpoint = endpointFor(container, target.facts.ref);
        if (container.plan.adminBootstrap === 'influxdb1') {
          await createInflux1Admin(`http://${container.host}:${container.port}`, container.plan.credentials);
        }
      } catch (err) {
        await container.stop();
        throw err;
      }
      return {
        endpoint,
        runtime: 'docker',
        label: 'docker',
        details: { ...container.details, imageSource: target.imageSource },
        allocatedBytes: (paths) => container.allocatedBytes(paths),
        sampleResources: () => container.sampleResources(),
        died: container.died,
        stop: () => container.stop(),
      };
    },
  };
}
