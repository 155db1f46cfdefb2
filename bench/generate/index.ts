/** Seeded streaming generators for the seed's four tables, and dataset fingerprints. */
export type { BatchSource, StreamSpec } from './types.js';
export { generateBatches, RowBatches } from './stream.js';
export { defaultShape, resolveShape } from './shapes.js';
export { keyValues, mostPopularKey } from './keys.js';
export { popularityOrder } from './popularity.js';
export { Fingerprinter, fingerprintStream, datasetFingerprint } from './fingerprint.js';
export { fixed8, round6 } from './fixed.js';
