// Entry of the batch encoder thread (./feed-worker.ts). A worker thread does not get the
// parent's TypeScript loader (tsx), whether it came from `--import tsx` or from register() in
// bin/tsdb-bench.mjs: register it here, then load the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./feed-worker.ts');
