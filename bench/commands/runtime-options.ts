/**
 * The `run` options runtimes declare (Runtime.cli): added to the command's builder, and their
 * parsed values turned back into ServerRequest.flags — the command names no runtime's flag.
 */
import type { Argv } from 'yargs';
import type { Runtime } from '../core/runtime.js';

/** The `--runtime` choices: auto first, then the runtimes `auto` may pick (in its order), then the rest. */
export function runtimeChoices(runtimes: readonly Runtime[]): string[] {
  const rank = (r: Runtime) => r.autoPreference ?? Number.POSITIVE_INFINITY;
  return ['auto', ...[...runtimes].sort((a, b) => rank(a) - rank(b) || a.kind.localeCompare(b.kind)).map((r) => r.kind)];
}

/** Adds every runtime's options; two runtimes declaring one option is a programming error. */
export function addRuntimeOptions<T>(y: Argv<T>, runtimes: readonly Runtime[]): Argv<T> {
  const owner = new Map<string, string>();
  let out = y;
  for (const r of runtimes) {
    for (const [name, option] of Object.entries(r.cli?.options ?? {})) {
      const taken = owner.get(name);
      if (taken) throw new Error(`runtimes ${taken} and ${r.kind} both declare the run option --${name}`);
      owner.set(name, r.kind);
      out = out.option(name, { ...option, choices: option.choices ? [...option.choices] : undefined, describe: `[${r.kind}] ${option.describe}` }) as Argv<T>;
    }
  }
  // Shown under their own heading in `run --help`, after the command's options.
  return owner.size > 0 ? out.group([...owner.keys()], 'Runtime options (declared by bench/runtimes/<kind>/):') : out;
}

/** ServerRequest.flags from the parsed arguments: each runtime's own part. */
export function runtimeFlags(runtimes: readonly Runtime[], args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  for (const r of runtimes) {
    if (!r.cli) continue;
    const values = Object.fromEntries(Object.keys(r.cli.options).map((name) => [name, args[name]]));
    Object.assign(flags, r.cli.flags(values));
  }
  return flags;
}
