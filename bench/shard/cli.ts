/** `run --shard i/N --start-at <instant>` into ShardOptions (undefined when not sharded). */
import { InputError } from '../core/errors.js';
import { DEFAULT_LATE_BOUND_MS, DEFAULT_UNION_WAIT_MS, parseShard, parseStartAt, type ShardOptions } from './options.js';

export function shardOptionsFrom(shard: string | undefined, startAt: string | undefined, repeat: number): ShardOptions | undefined {
  if (shard === undefined) {
    if (startAt !== undefined) throw new InputError('--start-at: only for sharded runs (with --shard i/N)');
    return undefined;
  }
  if (repeat > 1) throw new InputError('--shard: cannot be combined with --repeat (run the stability check on merged runs instead)');
  const { index, count } = parseShard(shard);
  if (count > 1 && startAt === undefined) throw new InputError(`--shard ${shard}: a sharded run needs --start-at <ISO instant> (the same for every shard)`);
  return {
    index,
    count,
    ...(startAt !== undefined ? { startAtMs: parseStartAt(startAt) } : {}),
    lateBoundMs: DEFAULT_LATE_BOUND_MS,
    unionWaitMs: DEFAULT_UNION_WAIT_MS,
  };
}
