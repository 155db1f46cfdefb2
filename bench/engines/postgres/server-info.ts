/**
 * Facts about the server for results.json: its version and the settings that differ from the
 * built-in defaults (configuration file, command line, ALTER SYSTEM...). Settings a client sets
 * for its own session (TimeZone, application_name, client_encoding...) are left out.
 */
import type { SqlClient } from '../../core/sql.js';

/** '15.14' from server_version '15.14 (Debian 15.14-0+deb12u1)'. */
export async function serverVersion(client: SqlClient): Promise<string> {
  const r = await client.query(`SELECT current_setting('server_version') AS v`);
  const full = String(r.rows[0]?.v ?? '');
  return full.split(/\s+/)[0] || full;
}

/** name -> value as SHOW prints it (e.g. shared_buffers '128MB'). */
export async function nonDefaultSettings(client: SqlClient): Promise<Record<string, string>> {
  const r = await client.query(
    `SELECT name, setting, unit FROM pg_settings
      WHERE source NOT IN ('default', 'override', 'client', 'session')
      ORDER BY name`,
  );
  const out: Record<string, string> = {};
  for (const row of r.rows) {
    const name = String(row.name);
    out[name] = await shownValue(client, name, row.setting, row.unit);
  }
  return out;
}

async function shownValue(client: SqlClient, name: string, setting: unknown, unit: unknown): Promise<string> {
  try {
    const r = await client.query(`SELECT current_setting($1) AS v`, [name]);
    return String(r.rows[0]?.v ?? '');
  } catch {
    // Not readable for this role: pg_settings' raw figure and unit.
    return unit ? `${String(setting)} (unit ${String(unit)})` : String(setting ?? '');
  }
}
