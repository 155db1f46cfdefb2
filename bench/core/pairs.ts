/** `--flag name=value` lists (e.g. `--image postgres=postgres:16`, `--url influxdb=https://...`) as a record. */
import { InputError } from './errors.js';

export function parsePairs(values: readonly string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const v of values ?? []) {
    const i = v.indexOf('=');
    if (i <= 0) throw new InputError(`--${flag} expects <name>=<value>, found '${v}'`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return { ...out };
}
