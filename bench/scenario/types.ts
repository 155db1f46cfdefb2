/** The optional scenario sections' normalized shapes, now declared on `Scenario` itself. */
export type { CapacitySpec, CompareSpec } from '../core/scenario.js';
