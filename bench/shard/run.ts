/**
 * What the runner does differently for shard i of N, in one place (the runner calls these
 * hooks at a few marked points; bench/run/runner.ts stays the single-run runner):
 * - run id: shared by all shards (shard/options.ts shardGroupRunId) so they write into one
 *   engine namespace; only shard 0 creates the tables and drops the namespace at the end;
 * - shards other than 0 open their sessions at the start instant (shard 0 has created the
 *   schema by then), shard 0 waits for it after creating the tables: the start barrier;
 * - the phases (shard/plan.ts): sharded write phases first, then shard 0's single-writer phases
 *   once the engine holds every shard's rows;
 * - sessions whose truncate() is a no-op: the table is shared, a truncate would erase the
 *   other shards' rows (shard 0 created it empty).
 */
import type { EngineSession } from '../core/engine.js';
import type { Logger } from '../core/log.js';
import type { Results } from '../core/results.js';
import type { PhaseSpec, Scenario } from '../core/scenario.js';
import type { TableName } from '../core/tables.js';
import type { DatasetPlan } from '../phases/dataset.js';
import type { ShardContext } from '../phases/types.js';
import { plannedRows, startRecord, waitForStart, waitForUnion } from './barrier.js';
import { measureClockOffset, type ClockOffset } from './clock.js';
import { shardGroupRunId, type ShardOptions } from './options.js';
import { planShard, type ShardPlan } from './plan.js';

/** How long after the start instant shards other than 0 wait for shard 0's tables. */
export const SCHEMA_WAIT_MS = 60_000;

/** How long before the start instant shards other than 0 open their sessions. */
export const OPEN_LEAD_MS = 1000;

export class ShardRun {
  private readyAtMs = Date.now();
  private unionDone = false;
  /** This host's clock against the first target's server clock, measured when its session opened. */
  private clock: ClockOffset | null = null;

  private constructor(
    readonly plan: ShardPlan,
    private readonly log: Logger,
  ) {}

  static runId(options: ShardOptions, scenario: Scenario): string {
    return shardGroupRunId(scenario, options);
  }

  static async create(options: ShardOptions, scenario: Scenario, dataset: DatasetPlan, runId: string, log: Logger, signal: AbortSignal): Promise<ShardRun> {
    const plan = await planShard(options, scenario, dataset, runId, signal);
    log.info(
      `shard ${options.index}/${options.count}: ${plan.record.streams.reduce((a, s) => a + s.rows, 0)} of ${plan.record.streams.reduce((a, s) => a + s.wholeRows, 0)} rows of the sharded phases (${plan.record.shardedPhases.join(', ') || 'none'}); ${options.index === 0 ? `then single-writer phases: ${plan.record.shard0Phases.join(', ') || 'none'}` : 'single-writer phases run on shard 0'}`,
    );
    for (const a of plan.record.adjustments) log.info(`shard ${options.index}/${options.count}: ${a.phase}: ${a.change}`);
    return new ShardRun(plan, log);
  }

  get index(): number {
    return this.plan.options.index;
  }

  get phases(): PhaseSpec[] {
    return this.plan.phases;
  }

  /** Only shard 0 creates the tables. */
  get createsSchema(): boolean {
    return this.index === 0;
  }

  /** Engine context additions: every shard but 0 leaves the shared namespace in place at close. */
  get engineContext(): { keepNamespace?: boolean } {
    return this.index === 0 ? {} : { keepNamespace: true };
  }

  get context(): ShardContext {
    const { index, count, startAtMs } = this.plan.options;
    return { index, count, scheduleOffsetMs: (periodMs) => (startAtMs ?? 0) + (index / count) * periodMs };
  }

  attach(results: Results): void {
    results.shard = this.plan.record;
  }

  /**
   * Before a target's session is opened: shards other than 0 wait until OPEN_LEAD_MS before
   * the start instant (shard 0 has created the shared schema by then; opening it earlier could
   * race shard 0's CREATE SCHEMA), leaving that long to connect before the barrier.
   */
  async beforeOpen(signal: AbortSignal): Promise<void> {
    this.readyAtMs = Date.now();
    const at = this.plan.options.startAtMs;
    if (this.index !== 0 && at !== undefined) await waitForStart(at - OPEN_LEAD_MS, signal);
  }

  /**
   * Opens a target's session. Shards other than 0 retry a few times (their CREATE SCHEMA IF NOT
   * EXISTS can collide with shard 0's when it is late) and then wait until shard 0 has created
   * every table (count() answers), so no shard writes into a table that does not exist yet.
   */
  async open(open: () => Promise<EngineSession>, tables: readonly TableName[], signal: AbortSignal): Promise<EngineSession> {
    const session = await this.openShared(open, tables, signal);
    await this.measureClock(session);
    return session;
  }

  /**
   * Every shard reads the first target's clock (the one clock all shards share), so the merge
   * can say how far apart the shards' clocks were. Engines without a clock reading: not measured.
   */
  private async measureClock(session: EngineSession): Promise<void> {
    if (this.clock || !session.serverClockMs) return;
    try {
      this.clock = await measureClockOffset('target server clock', () => session.serverClockMs!());
      this.log.info(`shard ${this.index}: clock ${this.clock.offsetMs >= 0 ? '+' : ''}${this.clock.offsetMs} ms (± ${this.clock.uncertaintyMs} ms) against the target server's`);
    } catch (err) {
      this.log.warn(`shard ${this.index}: could not read the target's clock (${err instanceof Error ? err.message : String(err)}); clock offset not measured`);
    }
  }

  private async openShared(open: () => Promise<EngineSession>, tables: readonly TableName[], signal: AbortSignal): Promise<EngineSession> {
    if (this.index === 0) return open();
    let session: EngineSession | undefined;
    for (let attempt = 1; !session; attempt++) {
      try {
        session = await open();
      } catch (err) {
        if (attempt >= 3 || signal.aborted) throw err;
        this.log.info(`shard ${this.index}: opening the session failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); retrying`);
        await waitForStart(Date.now() + 500 * attempt, signal);
      }
    }
    // Shard 0 creates the tables before the start instant; a minute past it, they are not coming.
    const deadline = Math.max(Date.now(), this.plan.options.startAtMs ?? 0) + SCHEMA_WAIT_MS;
    for (const table of tables) {
      for (;;) {
        try {
          await session.count(table);
          break;
        } catch (err) {
          if (Date.now() > deadline || signal.aborted) {
            await session.close().catch(() => {});
            throw err;
          }
          await waitForStart(Date.now() + 250, signal);
        }
      }
    }
    return session;
  }

  /** The start barrier, after every target is up: records lateness (and warns when over the bound). */
  async barrier(results: Results, signal: AbortSignal): Promise<void> {
    if (this.index === 0) this.readyAtMs = Date.now();
    await waitForStart(this.plan.options.startAtMs, signal);
    const start = { ...startRecord(this.plan.options, this.readyAtMs), clock: this.clock };
    this.plan.record.start = start;
    const msg = `shard ${this.index}/${this.plan.options.count} started ${start.lateMs} ms after --start-at ${start.startAt ?? '(none)'}`;
    if (start.late) {
      results.warnings.push(`${msg}: later than the ${start.lateBoundMs} ms bound, so its load did not overlap the others' from the start`);
      this.log.warn(msg);
    } else this.log.info(msg);
  }

  /** A target's session as phases see it: truncate() does nothing (the table is shared). */
  session(session: EngineSession): EngineSession {
    return new Proxy(session, {
      get(target, prop) {
        if (prop === 'truncate') return async () => {};
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }

  /** Shard 0, before its first single-writer phase (and at the end): wait for every shard's rows. */
  async beforePhase(spec: PhaseSpec | undefined, targets: { id: string; session: EngineSession }[], results: Results, signal: AbortSignal): Promise<void> {
    if (this.index !== 0 || this.unionDone || (spec && this.plan.isSharded(spec))) return;
    this.unionDone = true;
    const expected = plannedRows(results.dataset, this.plan.record.shardedPhases);
    if (expected.size === 0) return;
    const union: NonNullable<typeof this.plan.record.union> = [];
    for (const t of targets) {
      this.log.info(`shard 0: waiting for every shard's rows in ${t.id} (${[...expected].map(([k, v]) => `${v} ${k}`).join(', ')})`);
      const got = await waitForUnion(t.id, t.session, expected, { waitMs: this.plan.options.unionWaitMs, signal, log: this.log });
      union.push(...got);
      // Planner statistics of the union (the preload's ANALYZE saw only shard 0's rows).
      await t.session.prepareForQueries?.([...expected.keys()]);
      for (const u of got.filter((x) => !x.complete)) {
        results.warnings.push(
          `shards: ${u.target} holds ${u.counted} of the ${u.expected} ${u.table} rows of all shards after ${Math.round(u.waitedMs / 1000)} s (a shard failed, dropped batches or is still writing)`,
        );
      }
    }
    this.plan.record.union = union;
  }
}
