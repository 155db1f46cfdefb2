/**
 * Logging. Every line goes to stderr (stdout is kept for machine-readable output) and passes
 * through the redactor, so a secret registered once never appears in any log line.
 */
import { redact } from './redact.js';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /** A logger whose lines start with `[prefix]`. */
  child(prefix: string): Logger;
}

export interface LoggerOptions {
  quiet?: boolean;
  verbose?: boolean;
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions = {}, prefix = ''): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const tag = prefix ? `[${prefix}] ` : '';
  return {
    info: (m) => {
      if (!options.quiet) write(redact(tag + m));
    },
    warn: (m) => write(redact(`${tag}warning: ${m}`)),
    debug: (m) => {
      if (options.verbose) write(redact(tag + m));
    },
    child: (p) => createLogger(options, prefix ? `${prefix} ${p}` : p),
  };
}

export const silentLogger: Logger = createLogger({ quiet: true, write: () => {} });
