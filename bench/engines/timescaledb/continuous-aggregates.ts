/**
 * Downsampling with continuous aggregates, created WITH NO DATA for the loaded tables:
 * - source_hourly_stats: the seed's definition verbatim (only the table is schema-qualified);
 * - source_daily_stats: the seed's name for the daily figures (read in its "After" example);
 * - ticks_hourly, sentiment_hourly: the SELECTs of the raw queries ticks_7d_hourly and
 *   sentiment_hourly (bench/engines/postgres/queries.ts) with time_bucket, so answers agree;
 * - ticks_ohlcv_1m: 1-minute OHLCV per symbol with TimescaleDB first()/last().
 * Each gets the seed's refresh policy (start_offset 3 hours, end_offset 1 hour, schedule
 * 1 hour; the daily one start_offset 3 days, as a policy window must span two buckets),
 * created unscheduled: the harness runs it with CALL run_job (see ./jobs.ts).
 *
 * refresh() — the measured step — is `CALL refresh_continuous_aggregate(name, NULL, NULL)` per
 * aggregate: a full materialization of all data. The policy jobs exist (listed in
 * timescaledb_information.jobs, runnable with CALL run_job) but are not part of refresh().
 *
 * Aggregates are `timescaledb.materialized_only = true` (real-time aggregation off): a read
 * returns what was materialized, so query timings measure the aggregate and never a hidden
 * scan of raw data. Reads need whole-hour windows (the dataset anchor is one).
 */
import type { DownsampleCapability } from '../../core/engine.js';
import type { TableName } from '../../core/tables.js';
import { queryById, type QueryAnswer, type QueryParams } from '../../queries/catalog.js';
import { normalizeAnswer } from '../../queries/normalize.js';
import { quoteIdent } from '../../sql/pg-wire.js';
import { groupedQuery, MINUTE, TIME, windowParams, type BucketSql } from '../postgres/queries.js';
import type { SqlSessionContext } from '../postgres/sql-dialect.js';
import { addUnscheduledPolicy } from './jobs.js';

const HOUR_MS = 3_600_000;

export interface ContinuousAggregateDef {
  name: string;
  table: TableName;
  /** `SELECT ... FROM <table> GROUP BY ...` (qualify gives the table's qualified name). */
  query(qualify: (name: string) => string, bucket: BucketSql): string;
  policy: { startOffset: string; endOffset: string; scheduleInterval: string };
  /** The raw query it answers, its time column, and an optional extra filter (column = $3). */
  answers?: { queryId: string; timeColumn: string; window: 'week' | 'day'; filter?: { column: string; param: 'symbol' } };
}

const SEED_POLICY = { startOffset: `INTERVAL '3 hours'`, endOffset: `INTERVAL '1 hour'`, scheduleInterval: `INTERVAL '1 hour'` };

/** The seed's continuous aggregate, verbatim but for the qualified table name. */
const SEED_SOURCE_HOURLY_STATS = (table: string): string => `SELECT 
    time_bucket('1 hour', timestamp) AS hour,
    source_ref,
    AVG(trust_score) AS avg_trust,
    MAX(error_rate) AS max_errors,
    COUNT(*) AS sample_count
FROM ${table}
GROUP BY hour, source_ref`;

/** A cagg with the same SELECT as a grouped raw query (no window). */
function fromGroupedQuery(queryId: string, bucket: BucketSql, qualify: (name: string) => string): string {
  const def = groupedQuery(queryId);
  if (!def) throw new Error(`no grouped query '${queryId}'`);
  return `SELECT ${def.select(bucket)} FROM ${qualify(def.table)} GROUP BY ${def.groupBy}`;
}

export const CONTINUOUS_AGGREGATES: readonly ContinuousAggregateDef[] = [
  {
    name: 'source_hourly_stats',
    table: 'source_reliability_metrics',
    query: (q) => SEED_SOURCE_HOURLY_STATS(q('source_reliability_metrics')),
    policy: SEED_POLICY,
    answers: { queryId: 'source_hourly_stats', timeColumn: 'hour', window: 'week' },
  },
  {
    name: 'source_daily_stats',
    table: 'source_reliability_metrics',
    query: (q) => `SELECT time_bucket('1 day', timestamp) AS day, source_ref,
    AVG(trust_score) AS avg_trust, MAX(error_rate) AS max_errors, COUNT(*) AS sample_count
FROM ${q('source_reliability_metrics')}
GROUP BY day, source_ref`,
    policy: { ...SEED_POLICY, startOffset: `INTERVAL '3 days'` },
  },
  {
    name: 'ticks_hourly',
    table: 'market_price_ticks',
    query: (q, b) => fromGroupedQuery('ticks_7d_hourly', b, q),
    policy: SEED_POLICY,
    answers: { queryId: 'ticks_7d_hourly', timeColumn: 'hour', window: 'week' },
  },
  {
    name: 'ticks_ohlcv_1m',
    table: 'market_price_ticks',
    // open/close skip null prices, like the raw query (bench/engines/postgres/queries.ts).
    query: (q, b) => `SELECT ${b(MINUTE, TIME)} AS minute, symbol,
    first(price, ${TIME}) FILTER (WHERE price IS NOT NULL) AS open,
    max(price) AS high, min(price) AS low,
    last(price, ${TIME}) FILTER (WHERE price IS NOT NULL) AS close,
    sum(volume) AS volume
FROM ${q('market_price_ticks')}
GROUP BY minute, symbol`,
    policy: SEED_POLICY,
    answers: { queryId: 'ticks_ohlcv_1m', timeColumn: 'minute', window: 'day', filter: { column: 'symbol', param: 'symbol' } },
  },
  {
    name: 'sentiment_hourly',
    table: 'sentiment_scores',
    query: (q, b) => fromGroupedQuery('sentiment_hourly', b, q),
    policy: SEED_POLICY,
    answers: { queryId: 'sentiment_hourly', timeColumn: 'hour', window: 'week' },
  },
];

export function continuousAggregates(s: SqlSessionContext, bucket: BucketSql): DownsampleCapability {
  const created = new Map<string, { def: ContinuousAggregateDef; jobId: number }>();

  return {
    method: 'continuous aggregates (materialized_only) + CALL refresh_continuous_aggregate over all data',

    async setup(tables: TableName[], _params: QueryParams): Promise<string[]> {
      for (const def of CONTINUOUS_AGGREGATES) {
        if (!tables.includes(def.table) || created.has(def.name)) continue;
        const view = s.qualify(def.name);
        await s.client.exec(`DROP MATERIALIZED VIEW IF EXISTS ${view}`);
        await s.client.exec(
          `CREATE MATERIALIZED VIEW ${view}
WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
${def.query(s.qualify, bucket)}
WITH NO DATA`,
        );
        const jobId = await addUnscheduledPolicy(
          s.client,
          `add_continuous_aggregate_policy($1::regclass,
             start_offset => ${def.policy.startOffset},
             end_offset => ${def.policy.endOffset},
             schedule_interval => ${def.policy.scheduleInterval})`,
          [view],
        );
        created.set(def.name, { def, jobId });
      }
      return [...created.keys()];
    },

    async refresh(_params: QueryParams): Promise<void> {
      for (const name of created.keys()) {
        await s.client.exec(`CALL refresh_continuous_aggregate('${s.qualify(name).replace(/'/g, "''")}', NULL, NULL)`);
      }
    },

    async storageBytes(): Promise<number> {
      if (created.size === 0) return 0;
      const r = await s.client.query(
        `SELECT coalesce(sum(hypertable_size(format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name)::regclass)), 0)::bigint AS bytes
           FROM timescaledb_information.continuous_aggregates WHERE view_schema = $1 AND view_name = ANY($2::text[])`,
        [s.schema, [...created.keys()]],
      );
      return Number(r.rows[0]?.bytes ?? 0);
    },

    aggregateQueries(): string[] {
      return [...created.values()].flatMap(({ def }) => (def.answers ? [def.answers.queryId] : []));
    },

    async runAggregateQuery(queryId: string, params: QueryParams): Promise<QueryAnswer> {
      const entry = [...created.values()].find(({ def }) => def.answers?.queryId === queryId);
      const catalog = queryById(queryId);
      if (!entry || !entry.def.answers || !catalog) {
        throw new Error(`no continuous aggregate answers query '${queryId}' (created: ${[...created.keys()].join(', ') || 'none'})`);
      }
      const { timeColumn, window, filter } = entry.def.answers;
      const fromMs = window === 'week' ? params.fromMs : params.dayFromMs;
      if (fromMs % HOUR_MS !== 0 || params.toMs % HOUR_MS !== 0) {
        throw new Error(
          `query '${queryId}' from continuous aggregate ${entry.def.name} needs whole-hour bounds, got ` +
            `${new Date(fromMs).toISOString()} .. ${new Date(params.toMs).toISOString()}`,
        );
      }
      const time = quoteIdent(timeColumn);
      const values: unknown[] = windowParams(fromMs, params.toMs);
      let where = `${time} >= $1::timestamptz AND ${time} < $2::timestamptz`;
      if (filter) {
        values.push(params[filter.param]);
        where += ` AND ${quoteIdent(filter.column)} = $3`;
      }
      const r = await s.client.query(
        `SELECT ${catalog.columns.map(quoteIdent).join(', ')} FROM ${s.qualify(entry.def.name)} WHERE ${where}`,
        values,
      );
      return normalizeAnswer(catalog, r.rows);
    },
  };
}
