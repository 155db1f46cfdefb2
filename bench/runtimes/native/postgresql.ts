/**
 * Provider `postgresql` of the native runtime: PostgreSQL from binaries installed on this
 * machine, in a throwaway cluster. One file per job under ./postgres/: finding the installation
 * (discovery.ts), the OS user it runs as (os-user.ts), its settings (config.ts), initdb
 * (cluster.ts) and the server's start (server.ts); the process handling is the native runtime's
 * shared module (./process/), as for influxd and redis-server.
 */
import type { Availability, RunningServer, ServerRequest } from '../../core/runtime.js';
import { TargetError } from '../../core/errors.js';
import type { FamilyProvider } from '../family.js';
import { findPgInstallation, missingRequirements } from './postgres/discovery.js';
import { serverOsUser } from './postgres/os-user.js';
import { startPostgres } from './postgres/server.js';

// Tests and the CLI ask "is there a PostgreSQL here" and "which settings are forced" through here.
export { findPgInstallation } from './postgres/discovery.js';
export { forcedSettings } from './postgres/config.js';

async function probe(request: ServerRequest): Promise<Availability> {
  const inst = findPgInstallation();
  if ('error' in inst) return { available: false, reason: inst.error };
  const user = serverOsUser();
  if (user && 'error' in user) return { available: false, reason: user.error };
  const problems = missingRequirements(inst, request.requirements);
  if (problems.length > 0) return { available: false, reason: problems.join('; ') };
  const as = user ? ` (run as OS user ${user.name})` : '';
  return { available: true, reason: `PostgreSQL ${inst.version} found at ${inst.bin} (via ${inst.source})${as}` };
}

async function start(request: ServerRequest): Promise<RunningServer> {
  const inst = findPgInstallation();
  if ('error' in inst) throw new TargetError(inst.error, 'set PG_BIN to the bin directory of a PostgreSQL installation');
  const user = serverOsUser();
  if (user && 'error' in user) throw new TargetError(user.error);
  const problems = missingRequirements(inst, request.requirements);
  if (problems.length > 0) throw new TargetError(problems.join('; '));
  return startPostgres(request, inst, user);
}

export const postgresqlNative: FamilyProvider = { probe, start };
