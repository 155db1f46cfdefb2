/** Runtime `embedded`: PGlite (PostgreSQL compiled to WASM) inside the harness process. */
import { runtimeFromProviders } from '../family.js';
import { postgresqlEmbedded } from './postgresql.js';

export const runtime = runtimeFromProviders('embedded', 30, {
  postgresql: postgresqlEmbedded,
});
