/**
 * The discovered phase modules, and scenario loading with them: the scenario layer (bench/scenario/) sits
 * below the phases and receives them as a parameter; this module supplies the built-in ones.
 * Discovery runs once, when this module is first imported (top-level await), so loading a
 * scenario stays synchronous for its callers.
 */
import type { Scenario } from '../core/scenario.js';
import { loadScenarioWith, type ScenarioOverrides } from '../scenario/load.js';
import type { PhaseKindSpec } from '../scenario/phase-kinds.js';
import { compileScenarioSchema, type CompiledScenarioSchema } from '../scenario/schema.js';
import type { PhaseModule } from '../phases/types.js';
import { loadPhases } from './registry.js';

/** The built-in phase modules (bench/phases/<kind>/), by kind in name order: for the loader and the reports. */
export const PHASE_MODULES: ReadonlyMap<string, PhaseModule> = await loadPhases();

/** The built-in phase kinds as the scenario loader takes them. */
export const PHASE_KINDS: readonly PhaseKindSpec[] = [...PHASE_MODULES.values()];

/** Loads a scenario file (or a shipped scenario's name); `kinds` defaults to the built-in ones. */
export function loadScenario(nameOrPath: string, overrides: ScenarioOverrides = {}, kinds: readonly PhaseKindSpec[] = PHASE_KINDS): Scenario {
  return loadScenarioWith(kinds, nameOrPath, overrides);
}

/** The scenario schema assembled from the built-in phase kinds. */
export function builtInScenarioSchema(): CompiledScenarioSchema {
  return compileScenarioSchema(PHASE_KINDS);
}
