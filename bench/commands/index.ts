/** The CLI's commands, one module each. */
import type { CommandModule } from 'yargs';
import type { Runtime } from '../core/runtime.js';
import { runCommand } from './run.js';
import { listCommand } from './list.js';
import { reportCommand } from './report.js';
import { compareCommand } from './compare.js';
import { historyCommand } from './history.js';
import { cleanCommand } from './clean.js';
import { planCommand } from './plan.js';
import { generateCommand } from './generate.js';
import { mergeCommand } from './merge.js';

/** Every command; `run` carries the options of the runtimes found in bench/runtimes/. */
export const commandsFor = (runtimes: readonly Runtime[]): CommandModule[] =>
  [runCommand(runtimes), listCommand, reportCommand, compareCommand, historyCommand, planCommand, generateCommand, mergeCommand, cleanCommand] as unknown as CommandModule[];
