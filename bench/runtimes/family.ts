/**
 * A runtime serves server families through one provider each (runtimes/<kind>/<family>.ts).
 * The runtime's index maps family -> provider; nothing else branches on the family.
 */
import type { ServerFamily } from '../core/engine.js';
import type { Availability, Runtime, RunningServer, ServerRequest } from '../core/runtime.js';
import type { RuntimeKind } from '../core/scenario.js';

export interface FamilyProvider {
  probe(request: ServerRequest): Promise<Availability>;
  start(request: ServerRequest): Promise<RunningServer>;
}

export function runtimeFromProviders(kind: RuntimeKind, autoPreference: number | null, providers: Partial<Record<ServerFamily, FamilyProvider>>): Runtime {
  const providerFor = (request: ServerRequest): FamilyProvider | undefined => providers[request.family];
  return {
    kind,
    autoPreference,
    async probe(request) {
      const provider = providerFor(request);
      if (!provider) return { available: false, reason: `the ${kind} runtime cannot serve ${request.family}` };
      return provider.probe(request);
    },
    async start(request) {
      const provider = providerFor(request);
      if (!provider) throw new Error(`the ${kind} runtime cannot serve ${request.family}`);
      return provider.start(request);
    },
  };
}
