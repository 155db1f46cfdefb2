import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_QUERIES, IDIOMATIC_QUERIES, idiomaticVariantsOf, portableIdOf, QUERIES, queryById } from '../../bench/queries/catalog.js';
import { AGGREGATES, aggregateOutputColumns, aggregatesFor, bucketBoundsProblem } from '../../bench/queries/aggregates.js';
import { checkAnswers } from '../../bench/run/answers.js';
import { splitMetricKey } from '../../bench/verdict/metric-lookup.js';
import { listScenarios } from '../../bench/scenario/load.js';
import { loadScenario } from '../../bench/run/scenario.js';
import type { QueryAnswer } from '../../bench/queries/catalog.js';

test('portable and idiomatic queries: ids, variants and the question they share', () => {
  assert.ok(QUERIES.every((q) => q.variant === 'portable' && q.portableOf === undefined));
  assert.deepEqual(
    IDIOMATIC_QUERIES.map((q) => q.id),
    ['ticks_last_price_idiomatic', 'ticks_ohlcv_1m_idiomatic'],
  );
  for (const q of IDIOMATIC_QUERIES) {
    const p = queryById(q.portableOf!)!;
    assert.equal(q.variant, 'idiomatic');
    assert.equal(p.variant, 'portable');
    // Same question: same table, columns, keys and comparison rules, so answers are comparable.
    assert.deepEqual({ t: q.table, c: q.columns, k: q.key, tc: q.timeColumns, e: q.exactColumns }, { t: p.table, c: p.columns, k: p.key, tc: p.timeColumns, e: p.exactColumns });
    assert.equal(portableIdOf(q.id), p.id);
    assert.equal(q.seed, undefined, 'the seed wording belongs to the portable query');
    // metric keys split at the first dot: an idiomatic id holds none
    assert.deepEqual(splitMetricKey(`query.${q.id}.p50_ms`), { phase: 'query', name: `${q.id}.p50_ms` });
  }
  assert.deepEqual(
    idiomaticVariantsOf('ticks_last_price').map((q) => q.id),
    ['ticks_last_price_idiomatic'],
  );
  assert.deepEqual(idiomaticVariantsOf('ticks_7d_hourly'), []);
  assert.equal(portableIdOf('ticks_7d_hourly'), 'ticks_7d_hourly');
  assert.equal(new Set(ALL_QUERIES.map((q) => q.id)).size, ALL_QUERIES.length, 'unique ids');
});

test('the aggregate set: each aggregate answers one portable query with exactly its columns', () => {
  assert.deepEqual(
    AGGREGATES.map((a) => a.id),
    ['source_hourly_stats', 'ticks_hourly', 'ticks_ohlcv_1m', 'sentiment_hourly'],
  );
  for (const a of AGGREGATES) {
    const q = queryById(a.answers.queryId)!;
    assert.equal(q.variant, 'portable', a.id);
    assert.equal(q.table, a.table, a.id);
    const stored = aggregateOutputColumns(a);
    for (const c of q.columns) assert.ok(stored.includes(c), `${a.id} stores ${c}`);
  }
  assert.deepEqual(
    aggregatesFor(['market_price_ticks']).map((a) => a.id),
    ['ticks_hourly', 'ticks_ohlcv_1m'],
  );
  const hourly = AGGREGATES[1];
  assert.equal(bucketBoundsProblem(hourly, { fromMs: 0, toMs: 7_200_000 }), null);
  assert.match(bucketBoundsProblem(hourly, { fromMs: 0, toMs: 7_200_001 }) ?? '', /whole-hour/);
});

const answer = (rows: (string | number | null)[][]): QueryAnswer => ({ columns: ['symbol', 'last_time', 'last_price'], rows });

test('answer check: idiomatic answers are compared with the portable answer of the same question', () => {
  const portable = answer([
    ['A', 1000, 1.5],
    ['B', 2000, 2.5],
  ]);
  const per = new Map<string, Map<string, QueryAnswer>>([
    ['postgres', new Map([['query/ticks_last_price', portable]])],
    [
      'timescaledb',
      new Map([
        ['query/ticks_last_price', portable],
        [
          'query/ticks_last_price_idiomatic',
          answer([
            ['A', 1000, 1.5],
            ['B', 2000, 2.5],
          ]),
        ],
      ]),
    ],
  ]);
  const checks = checkAnswers(per);
  const idiomatic = checks.find((c) => c.query === 'query/ticks_last_price_idiomatic')!;
  // only one target runs it, yet it is checked (against postgres's portable answer), not "single"
  assert.equal(idiomatic.status, 'agree');
  assert.equal(idiomatic.reference, 'postgres (ticks_last_price)');
  assert.deepEqual(idiomatic.targets, ['timescaledb']);
  assert.equal(checks.find((c) => c.query === 'query/ticks_last_price')!.status, 'agree');

  per.get('timescaledb')!.set(
    'query/ticks_last_price_idiomatic',
    answer([
      ['A', 1000, 1.5],
      ['B', 1999, 2.5],
    ]),
  );
  const bad = checkAnswers(per).find((c) => c.query === 'query/ticks_last_price_idiomatic')!;
  assert.equal(bad.status, 'mismatch');
  assert.match(bad.differences![0], /^postgres \(ticks_last_price\) vs timescaledb: /);

  // without any portable answer in that phase it is compared across its own holders only
  const alone = checkAnswers(new Map([['timescaledb', new Map([['q2/ticks_last_price_idiomatic', portable]])]]));
  assert.equal(alone[0].status, 'single');
  assert.equal(alone[0].reference, undefined);
});

test('shipped claims compare engines on portable queries; 10k-ticks lists the idiomatic variants beside them', () => {
  let queryClaims = 0;
  for (const { name } of listScenarios()) {
    const s = loadScenario(name);
    for (const c of s.claims) {
      for (const key of [c.metric, c.baselineMetric].filter((k): k is string => typeof k === 'string')) {
        const { phase, name: metricName } = splitMetricKey(key);
        const kind = s.phases.find((p) => p.id === phase)?.kind;
        if (kind !== 'query' && kind !== 'mixed') continue;
        const def = queryById(metricName.split('.')[0]);
        assert.ok(def, `${name}: claim ${c.id} names a catalogued query (${key})`);
        assert.equal(def.variant, 'portable', `${name}: claim ${c.id} uses a portable query`);
        queryClaims++;
      }
    }
  }
  assert.ok(queryClaims > 0, 'some shipped claims are about queries');
  const ticks = loadScenario('10k-ticks');
  const query = ticks.phases.find((p) => p.kind === 'query') as { queries: string[] };
  for (const id of ['ticks_last_price', 'ticks_ohlcv_1m']) {
    assert.ok(query.queries.includes(id), id);
    assert.ok(query.queries.includes(`${id}_idiomatic`), `${id}_idiomatic`);
  }
});
