/**
 * influxd's configuration for a native run, as text: the built-in defaults (`influxd config
 * -config /dev/null`; /etc/influxdb/influxdb.conf is never read) edited with the runtime's base
 * settings, the scenario's `settings` ("section.key" = value) and the forced binds. Pure.
 */

/** Keys this runtime always changes from the defaults (section '' = top level). */
export const BASE_SETTINGS: Readonly<Record<string, string>> = {
  'data.cache-snapshot-write-cold-duration': '10s',
  'data.query-log-enabled': 'false',
  'monitor.store-enabled': 'false',
  'http.log-enabled': 'false',
  'logging.level': 'warn',
  'logging.suppress-logo': 'true',
  'continuous_queries.log-enabled': 'false',
};

/** "InfluxDB v1.6.7~rc0 (git: unknown unknown)" -> "1.6.7~rc0". */
export function parseInfluxdVersion(output: string): string | null {
  const m = /InfluxDB v?(\S+)/.exec(output);
  return m ? m[1] : null;
}

function tomlValue(existing: string | undefined, value: string): string {
  const v = value.trim();
  const looksQuoted = existing !== undefined && existing.trim().startsWith('"');
  if (looksQuoted) return JSON.stringify(v.replace(/^"(.*)"$/, '$1'));
  if (existing === undefined && !/^(true|false|-?\d+(\.\d+)?)$/.test(v) && !v.startsWith('"')) return JSON.stringify(v);
  return v;
}

/** Thrown for a setting name that cannot be a TOML key path (the provider reports it as a TargetError). */
export class BadInfluxSettingError extends Error {}

/**
 * Sets `section.key = value` entries in influxd's TOML configuration text. A key without a dot
 * is top level. Existing keys keep their quoting style; missing keys are added to their
 * section (a missing single-table section is appended). Array sections ([[graphite]]...) cannot
 * be addressed.
 */
export function editInfluxConfig(text: string, settings: Readonly<Record<string, string>>): string {
  const lines = text.split('\n');
  const isHeader = (line: string): boolean => /^\s*\[/.test(line);
  for (const [path, value] of Object.entries(settings)) {
    const dot = path.lastIndexOf('.');
    const section = dot < 0 ? '' : path.slice(0, dot);
    const key = dot < 0 ? path : path.slice(dot + 1);
    if (!/^[A-Za-z0-9_-]+$/.test(key) || !/^[A-Za-z0-9_.-]*$/.test(section)) throw new BadInfluxSettingError(`bad influxd setting name '${path}'`);
    // header line index (-1 for the top level) and end (exclusive) of the section
    let header = -1;
    if (section !== '') {
      header = lines.findIndex((l) => new RegExp(`^\\s*\\[\\s*${section.replace(/[.-]/g, '\\$&')}\\s*\\]\\s*$`).test(l));
      if (header < 0) {
        lines.push('', `[${section}]`, `  ${key} = ${tomlValue(undefined, value)}`);
        continue;
      }
    }
    let end = lines.findIndex((l, i) => i > header && isHeader(l));
    if (end < 0) end = lines.length;
    const keyRe = new RegExp(`^(\\s*)${key.replace(/-/g, '\\-')}\\s*=\\s*(.*)$`);
    const at = lines.findIndex((l, i) => i > header && i < end && keyRe.test(l));
    if (at >= 0) {
      const m = keyRe.exec(lines[at])!;
      lines[at] = `${m[1]}${key} = ${tomlValue(m[2], value)}`;
      continue;
    }
    let insert = end;
    while (insert > header + 1 && lines[insert - 1].trim() === '') insert--;
    lines.splice(insert, 0, `${section === '' ? '' : '  '}${key} = ${tomlValue(undefined, value)}`);
  }
  return lines.join('\n');
}

/** The reporting switch is `reporting-disabled` upstream and `reporting-enabled` in Debian's build. */
export function reportingSetting(defaults: string): Record<string, string> {
  return /^reporting-enabled\s*=/m.test(defaults) ? { 'reporting-enabled': 'false' } : { 'reporting-disabled': 'true' };
}
