/**
 * Rows -> Redis commands (pure CPU, outside the timed write). One batch becomes, per key of
 * the table (symbol, source...): ZADD of all its rows into the hot window, ZREMRANGEBYSCORE
 * trimming what fell out of the window, PEXPIRE, and the newer-wins update of the key's
 * `live:*` hash (a Lua script, so a late row never overwrites a newer one); per batch: SADD of
 * the keys into the table's registry, the rate-limit counter (INCR + EXPIRE NX) and one
 * ingestion job on the queue Stream (XADD MAXLEN ~).
 *
 * Members of the hot sorted sets are the row without its key column, fields separated by
 * U+001F (never produced by JSON.stringify nor by the generators' text): the time in µs first,
 * so members are unique (timestamps are unique per table) and decoding needs no lookup. A null
 * is an empty field.
 */
import type { EncodedBatch, EncoderRef } from '../../core/engine.js';
import { TABLES, type Row, type TableName } from '../../core/tables.js';
import { keyColumnIndex, RedisKeys } from './keys.js';

export const FIELD_SEPARATOR = '\x1f';

/** Newer-wins HSET: KEYS[1] hash; ARGV[1] time µs, ARGV[2] ttl ms, then field/value pairs. */
export const LATEST_SCRIPT = [
  "local cur = redis.call('HGET', KEYS[1], 'time_us')",
  'if (not cur) or tonumber(cur) < tonumber(ARGV[1]) then',
  "  redis.call('HSET', KEYS[1], 'time_us', ARGV[1], unpack(ARGV, 3))",
  'end',
  "redis.call('PEXPIRE', KEYS[1], ARGV[2])",
  'return 1',
].join('\n');

export interface EncodeConfig {
  ns: string;
  windowMs: number;
  ttlMs: number;
  queueMaxLen: number;
  rateLimitWindowMs: number;
  /** SHA1 of LATEST_SCRIPT as loaded in the server (SCRIPT LOAD). */
  latestSha: string;
}

export type Command = string[];

export interface RedisPayload {
  commands: Command[];
}

function cell(value: string | number | null): string {
  return value === null ? '' : String(value);
}

/** The hot-set member of a row (its key column left out). */
export function encodeMember(row: Row, keyIdx: number): string {
  const parts: string[] = [];
  for (let i = 0; i < row.length; i++) if (i !== keyIdx) parts.push(cell(row[i]));
  return parts.join(FIELD_SEPARATOR);
}

/** Inverse of encodeMember: the row with `key` put back at its column. Numbers stay text (as in COPY). */
export function decodeMember(member: string, key: string, keyIdx: number): (string | null)[] {
  const parts = member.split(FIELD_SEPARATOR);
  const row: (string | null)[] = [];
  let p = 0;
  for (let i = 0; i <= parts.length; i++) {
    if (i === keyIdx) row.push(key);
    else {
      const v = parts[p++];
      row.push(v === undefined || v === '' ? null : v);
    }
  }
  return row;
}

/** Bytes of a command in RESP (`*N`, then `$len` + bytes per argument). */
export function respBytes(command: Command): number {
  let n = 3 + String(command.length).length;
  for (const arg of command) {
    const len = Buffer.byteLength(arg);
    n += 5 + String(len).length + len;
  }
  return n;
}

/** Encodes one batch of `table` rows as the commands described in the module comment. */
export function encodeBatch(table: TableName, rows: readonly Row[], cfg: EncodeConfig): EncodedBatch {
  const keys = new RedisKeys(cfg.ns);
  const spec = TABLES[table];
  const keyIdx = keyColumnIndex(table);
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const k = String(row[keyIdx]);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(row);
  }
  const ttl = String(cfg.ttlMs);
  const windowUs = cfg.windowMs * 1000;
  const commands: Command[] = [];
  let first = Infinity;
  let last = -Infinity;
  for (const [k, group] of groups) {
    const hot = keys.hot(table, k);
    const zadd: Command = ['ZADD', hot];
    let newest = group[0];
    for (const row of group) {
      const t = row[0] as number;
      zadd.push(String(t), encodeMember(row, keyIdx));
      if (t > (newest[0] as number)) newest = row;
      if (t < first) first = t;
      if (t > last) last = t;
    }
    commands.push(zadd);
    // Keep [newest - window, ...]: scores strictly below the cutoff fall out of the hot window.
    commands.push(['ZREMRANGEBYSCORE', hot, '-inf', `(${(newest[0] as number) - windowUs}`]);
    commands.push(['PEXPIRE', hot, ttl]);
    const fields: string[] = [];
    spec.columns.forEach((c, i) => {
      if (i !== 0 && i !== keyIdx) fields.push(c.name, cell(newest[i]));
    });
    commands.push(['EVALSHA', cfg.latestSha, '1', keys.latest(table, k), String(newest[0]), ttl, ...fields]);
  }
  if (groups.size > 0) {
    commands.push(['SADD', keys.registry(table), ...groups.keys()]);
    commands.push(['PEXPIRE', keys.registry(table), ttl]);
    commands.push(['INCR', keys.rateLimit(table)]);
    commands.push(['EXPIRE', keys.rateLimit(table), String(Math.max(1, Math.round(cfg.rateLimitWindowMs / 1000))), 'NX']);
    commands.push([
      'XADD',
      keys.queue,
      'MAXLEN',
      '~',
      String(cfg.queueMaxLen),
      '*',
      'table',
      table,
      'rows',
      String(rows.length),
      'first_us',
      String(first),
      'last_us',
      String(last),
    ]);
    commands.push(['PEXPIRE', keys.queue, ttl]);
  }
  let bytes = 0;
  for (const c of commands) bytes += respBytes(c);
  const payload: RedisPayload = { commands };
  return { rows: rows.length, bytes, payload };
}

/** What a writer's encoder needs, clonable to a worker thread (TableWriter.encoder). */
export interface RedisEncoderArgs extends EncodeConfig {
  table: TableName;
}

/** TableWriter.encode of the Redis writers, rebuildable in the feed worker. */
export function redisEncoder(args: RedisEncoderArgs): (rows: readonly Row[]) => EncodedBatch {
  return (rows) => encodeBatch(args.table, rows, args);
}

export function redisEncoderRef(args: RedisEncoderArgs): EncoderRef {
  return { module: import.meta.url, factory: 'redisEncoder', args };
}
