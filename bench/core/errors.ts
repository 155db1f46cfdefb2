/**
 * Every error class the harness throws on purpose, in one module at the bottom of the import
 * order: engines, runtimes, phases and commands import them from here instead of from the
 * runtime contract (core/runtime.ts), and the CLI maps each to its exit code (commands/exit.ts).
 */

/** Raised for engine/runtime failures that should end the target with a one-line message (exit 3). */
export class TargetError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

/** Raised for bad user input (scenario, flags, results files): exit 2, one message, no stack trace. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * A unit-bearing value that does not parse ("7 dayz"), from scenario/units.ts. The scenario
 * loader turns it into a problem naming the field; on its own it is bad input too.
 */
export class UnitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnitError';
  }
}

/** A phase failure that must end the target (e.g. rows lost): the run reports it and goes on with others. */
export class PhaseFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhaseFailure';
  }
}
