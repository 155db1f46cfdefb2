/**
 * A Redis session: the run's keys under one namespace prefix (keys.ts), written by the
 * commands of encode.ts, read by the dashboard queries of queries.ts, measured as memory
 * (memory.ts). What the SQL-shaped parts of the Engine contract mean here:
 * - createTables: removes the table's keys (a fresh hot tier) and records used_memory as the
 *   baseline of the memory figures;
 * - truncate: removes the table's keys; count: rows held in the hot sets (ZCARD summed over
 *   the table's keys) — rows trimmed out of the window are no longer counted;
 * - flush: nothing to persist (no persistence); it runs the TTL checks instead (ttl.ts).
 */
import { createHash } from 'node:crypto';
import type { EngineContext, EngineInfo, EngineSession, TableStorage, TableWriter } from '../../core/engine.js';
import type { RedisEndpoint } from '../../core/sql.js';
import type { TableName } from '../../core/tables.js';
import { queryById, type QueryAnswer, type QueryParams } from '../../queries/catalog.js';
import { normalizeAnswer } from '../../queries/normalize.js';
import { connectRedis, type RedisConnection } from './client.js';
import { encodeBatch, LATEST_SCRIPT, redisEncoderRef, type EncodeConfig, type RedisPayload } from './encode.js';
import { namespaceFor, RedisKeys } from './keys.js';
import { parseInfo, perHourBytes, perHourName, usedMemory } from './memory.js';
import { redisOptions, type RedisOptions } from './options.js';
import { HOT_QUERY_IDS, hotLast5m, hotLastPrice } from './queries.js';
import { checkKeysHaveTtl, checkTtlExpiry } from './ttl.js';

const SCAN_COUNT = '1000';

export async function openRedisSession(endpoint: RedisEndpoint, ctx: EngineContext): Promise<RedisSession> {
  const options = redisOptions(ctx.options.options);
  const conn = await connectRedis(endpoint, 'tsdb-bench');
  try {
    const info = parseInfo((await conn.send(['INFO', 'server'])) as string);
    const sha = (await conn.send(['SCRIPT', 'LOAD', LATEST_SCRIPT])) as string;
    const ns = namespaceFor(ctx.runId);
    const version = info.redis_version ?? 'unknown';
    const settings: Record<string, string> = {};
    for (const name of ['maxmemory', 'maxmemory-policy', 'save', 'appendonly']) {
      const reply = (await conn.send(['CONFIG', 'GET', name])) as string[];
      if (reply.length >= 2) settings[name] = reply[1];
    }
    return new RedisSession(endpoint, ctx, conn, options, sha, {
      version: `Redis ${version}`,
      versions: { redis: version },
      settings,
      namespace: ns,
    });
  } catch (err) {
    await conn.close();
    throw err;
  }
}

export class RedisSession implements EngineSession {
  private readonly keys: RedisKeys;
  private readonly writers = new Set<RedisConnection>();
  private baselineMemory: number | null = null;
  private ttlChecked = false;
  private closed = false;

  constructor(
    private readonly endpoint: RedisEndpoint,
    private readonly ctx: EngineContext,
    private readonly conn: RedisConnection,
    readonly options: RedisOptions,
    private readonly latestSha: string,
    readonly info: EngineInfo,
  ) {
    this.keys = new RedisKeys(info.namespace);
  }

  private send(args: string[]): Promise<unknown> {
    return this.conn.send(args);
  }

  private encodeConfig(): EncodeConfig {
    const o = this.options;
    return { ns: this.info.namespace, windowMs: o.windowMs, ttlMs: o.ttlMs, queueMaxLen: o.queueMaxLen, rateLimitWindowMs: o.rateLimitWindowMs, latestSha: this.latestSha };
  }

  /** Every key of the run matching `pattern` (SCAN, never KEYS). */
  async scan(pattern = this.keys.pattern): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = (await this.send(['SCAN', cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT])) as [string, string[]];
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found;
  }

  private async tableKeys(table: TableName): Promise<{ hot: string[]; latest: string[] }> {
    const ids = (await this.send(['SMEMBERS', this.keys.registry(table)])) as string[];
    return { hot: ids.map((k) => this.keys.hot(table, k)), latest: ids.map((k) => this.keys.latest(table, k)) };
  }

  private async unlink(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 500) await this.send(['UNLINK', ...keys.slice(i, i + 500)]);
  }

  async createTables(tables: readonly TableName[]): Promise<void> {
    for (const t of tables) await this.truncate(t);
    this.baselineMemory = usedMemory(parseInfo((await this.send(['INFO', 'memory'])) as string));
  }

  async truncate(table: TableName): Promise<void> {
    const { hot, latest } = await this.tableKeys(table);
    await this.unlink([...hot, ...latest, this.keys.registry(table), this.keys.rateLimit(table)]);
  }

  async writer(table: TableName): Promise<TableWriter> {
    const conn = await connectRedis(this.endpoint, `tsdb-bench-writer-${table}`);
    this.writers.add(conn);
    const cfg = this.encodeConfig();
    return {
      encode: (rows) => encodeBatch(table, rows, cfg),
      encoder: redisEncoderRef({ table, ...cfg }),
      write: async (batch) => {
        const { commands } = batch.payload as RedisPayload;
        await Promise.all(commands.map((c) => conn.send(c)));
      },
      close: async () => {
        this.writers.delete(conn);
        await conn.close();
      },
    };
  }

  async count(table: TableName): Promise<number> {
    const { hot } = await this.tableKeys(table);
    const counts = (await Promise.all(hot.map((k) => this.send(['ZCARD', k])))) as number[];
    return counts.reduce((a, b) => a + b, 0);
  }

  supportedQueries(): string[] {
    return [...HOT_QUERY_IDS];
  }

  async runQuery(queryId: string, params: QueryParams): Promise<QueryAnswer> {
    const def = queryById(queryId);
    const send = (args: string[]) => this.send(args);
    let rows: Record<string, unknown>[];
    if (queryId === 'hot_last_price') rows = await hotLastPrice(send, this.keys, params);
    else if (queryId === 'hot_last_5m') rows = await hotLast5m(send, this.keys, params);
    else throw new Error(`Redis does not implement query '${queryId}'`);
    return normalizeAnswer(def!, rows);
  }

  /** No persistence to flush; the TTL properties of the hot tier are checked here, once. */
  async flush(): Promise<void> {
    if (this.ttlChecked) return;
    const keys = await this.scan();
    await checkKeysHaveTtl((a) => this.send(a), keys);
    const probe = await checkTtlExpiry((a) => this.send(a), this.keys);
    this.info.settings.ttl_check = `${keys.length} keys all carry a TTL; ${probe}`;
    this.ctx.log.info(`redis TTL check: ${this.info.settings.ttl_check}`);
    this.ttlChecked = true;
  }

  /** The ingest rate memory per hour is projected at: the option, else the scenario's ingest phase on the table. */
  private hourRate(table: TableName): number | null {
    if (this.options.hourRate !== null) return this.options.hourRate;
    const ingest = this.ctx.scenario.phases.find((p) => p.kind === 'ingest' && p.table === table) as { rate?: unknown } | undefined;
    return typeof ingest?.rate === 'number' ? ingest.rate : null;
  }

  async storage(tables: readonly TableName[]): Promise<TableStorage[]> {
    const used = usedMemory(parseInfo((await this.send(['INFO', 'memory'])) as string));
    const delta = this.baselineMemory === null ? null : Math.max(0, used - this.baselineMemory);
    const out: TableStorage[] = [];
    for (const table of tables) {
      const { hot, latest } = await this.tableKeys(table);
      const all = [...hot, ...latest];
      const usage = (await Promise.all(all.map((k) => this.send(['MEMORY', 'USAGE', k, 'SAMPLES', '0'])))) as (number | null)[];
      const memoryUsage = usage.reduce<number>((a, b) => a + (b ?? 0), 0);
      const rows = await this.count(table);
      const engineBytes: Record<string, number> = { memory_usage: memoryUsage };
      if (all.length > 0) engineBytes.bytes_per_key = Math.round(memoryUsage / all.length);
      // The server-wide delta belongs to a table only when it is the only one the run writes.
      const primary = delta !== null && tables.length === 1 ? 'used_memory_delta' : 'memory_usage';
      if (delta !== null && tables.length === 1) engineBytes.used_memory_delta = delta;
      const rate = this.hourRate(table);
      const perHour = rate === null ? null : perHourBytes(engineBytes[primary], rows, rate);
      if (rate !== null && perHour !== null) engineBytes[perHourName(rate)] = perHour;
      out.push({ table, rows, dataPaths: [], engineBytes, primary });
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.writers].map((w) => w.close()));
    try {
      await this.unlink(await this.scan());
    } finally {
      await this.conn.close();
    }
  }
}

/** SHA1 of a script as Redis computes it (for tests). */
export function scriptSha(script: string): string {
  return createHash('sha1').update(script).digest('hex');
}
