/**
 * Parsing of InfluxQL `/query` JSON responses (1.x and the 2.x compatibility endpoint).
 * Tags come back per series, not as columns: rows() merges them in, and maps an empty tag
 * value (what InfluxDB reports for a GROUP BY tag a point does not have) to null.
 */

export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values?: unknown[][];
}

export interface InfluxStatementResult {
  statement_id?: number;
  series?: InfluxSeries[];
  error?: string;
  messages?: { level: string; text: string }[];
}

export interface InfluxQueryResponse {
  results?: InfluxStatementResult[];
  error?: string;
}

/** Statement results of a response; throws with the server's message on any error. */
export function statementResults(response: unknown, query = ''): InfluxStatementResult[] {
  const r = response as InfluxQueryResponse;
  const where = query ? ` (${query.length > 200 ? query.slice(0, 200) + '…' : query})` : '';
  if (!r || typeof r !== 'object') throw new Error(`InfluxDB returned no JSON result${where}`);
  if (r.error) throw new Error(`InfluxDB query error: ${r.error}${where}`);
  const results = r.results ?? [];
  for (const s of results) if (s.error) throw new Error(`InfluxDB query error: ${s.error}${where}`);
  return results;
}

/** Series of the first (or only) statement. */
export function firstSeries(response: unknown, query = ''): InfluxSeries[] {
  return statementResults(response, query)[0]?.series ?? [];
}

export interface RowOptions {
  /** Rename the `time` column (e.g. 'hour'); null drops it. Default: keep as 'time'. */
  timeAs?: string | null;
}

/** Flattens series into objects {tag..., column...}; empty tag values become null. */
export function seriesRows(series: readonly InfluxSeries[], options: RowOptions = {}): Record<string, unknown>[] {
  const timeAs = options.timeAs === undefined ? 'time' : options.timeAs;
  const rows: Record<string, unknown>[] = [];
  for (const s of series) {
    const tags: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.tags ?? {})) tags[k] = v === '' ? null : v;
    for (const values of s.values ?? []) {
      const row: Record<string, unknown> = { ...tags };
      s.columns.forEach((column, i) => {
        if (column === 'time') {
          if (timeAs !== null) row[timeAs] = values[i];
        } else row[column] = values[i];
      });
      rows.push(row);
    }
  }
  return rows;
}

/** A single numeric value (e.g. COUNT over all time); 0 when there is no series. */
export function scalar(response: unknown, column: string, query = ''): number {
  const series = firstSeries(response, query);
  let total = 0;
  for (const row of seriesRows(series)) {
    const v = row[column];
    if (typeof v === 'number') total += v;
    else if (v !== null && v !== undefined) throw new Error(`InfluxDB: column ${column} is not a number: ${String(v)}`);
  }
  return total;
}
