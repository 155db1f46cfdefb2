/**
 * The shard and merge command lines, as the sharded integration test runs them
 * (test/integration/shards.test.ts) and as deploy/kubernetes/README.md and the Job manifests
 * give them to users: test/unit/kubernetes-guide.test.ts checks that they have the same shape.
 */
export interface ShardRunInput {
  scenario: string;
  engine: string;
  shard: string;
  startAt: string;
  url: string;
  out: string;
}

export function shardRunArgs(o: ShardRunInput): string[] {
  return [
    'run',
    '--scenario',
    o.scenario,
    '--targets',
    o.engine,
    '--runtime',
    'external',
    '--shard',
    o.shard,
    '--start-at',
    o.startAt,
    '--url',
    `${o.engine}=${o.url}`,
    '--out',
    o.out,
  ];
}

export function mergeArgs(dirs: readonly string[], out: string): string[] {
  return ['merge', ...dirs, '--out', out];
}

/** A command's shape: the subcommand, then each flag by name and each value as `_`. */
export function commandShape(args: readonly string[]): string {
  return [args[0], ...args.slice(1).map((a) => (a.startsWith('--') ? a : '_'))].join(' ');
}
