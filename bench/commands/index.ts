/** The CLI's commands, one module each. */
import type { CommandModule } from 'yargs';
import { runCommand } from './run.js';
import { listCommand } from './list.js';
import { reportCommand } from './report.js';
import { compareCommand } from './compare.js';
import { historyCommand } from './history.js';
import { cleanCommand } from './clean.js';
import { planCommand } from './plan.js';
import { generateCommand } from './generate.js';
import { mergeCommand } from './merge.js';

export const commands = [runCommand, listCommand, reportCommand, compareCommand, historyCommand, planCommand, generateCommand, mergeCommand, cleanCommand] as unknown as CommandModule[];
