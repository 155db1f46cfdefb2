/**
 * alert_events: (timestamp, alert_type, severity, source_ref, metadata JSONB). Each alert type
 * has its own share of critical and warning alerts. source_ref names a source of
 * source_reliability_metrics and may be null (nullFraction). metadata is always a JSON object
 * (it is the only InfluxDB field) with keys that vary by alert; notes sometimes contain quotes
 * and backslashes so encoders' escaping is exercised by real data.
 */
import type { Row } from '../../core/tables.js';
import { round6 } from '../fixed.js';
import type { RowFactory, RowFactoryContext, TableModule } from './table-module.js';
import { sourceNames } from './source-reliability-metrics.js';
import { sourceReliabilityMetrics } from './source-reliability-metrics.js';
import { symbolNames, exchangeNames } from './market-price-ticks.js';

const KNOWN_TYPES: readonly string[] = [
  'price_spike',
  'price_drop',
  'volume_surge',
  'whale_transfer',
  'sentiment_shift',
  'source_outage',
  'trust_drop',
  'liquidation_cascade',
  'funding_rate_anomaly',
  'exchange_delisting',
  'correlation_break',
  'breaking_news',
];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;

const NOTES: readonly string[] = [
  'threshold crossed',
  'sustained for 3 windows',
  'recovered quickly',
  'observed "spike" on primary feed',
  'feed path C:\\feeds\\primary',
  'manual review requested',
  'auto-resolved',
  'correlated with news, see dashboard',
];

export function alertTypeNames(count: number): string[] {
  const names = KNOWN_TYPES.slice(0, count);
  for (let i = names.length; i < count; i++) names.push(`alert_type_${String(i + 1).padStart(3, '0')}`);
  return names;
}

function createRowFactory(ctx: RowFactoryContext): RowFactory {
  const { keys, picker, rng, setupRng, shape } = ctx;
  const n = keys.length;
  const critical = new Float64Array(n);
  const warning = new Float64Array(n);
  const threshold = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    critical[k] = setupRng.range(0.02, 0.2);
    warning[k] = critical[k] + setupRng.range(0.15, 0.4);
    threshold[k] = round6(setupRng.range(0.5, 50));
  }
  const sources = sourceNames(sourceReliabilityMetrics.defaultShape().keys);
  const symbols = symbolNames(20);
  const exchanges = exchangeNames(4);
  const nulls = shape.nullFraction;
  return (timeUs: number): Row => {
    const k = picker.pick();
    const u = rng.float();
    const severity = u < critical[k] ? 'critical' : u < warning[k] ? 'warning' : 'info';
    const sourceRef = rng.float() < nulls ? null : sources[rng.int(sources.length)];
    const meta: Record<string, string | number | boolean> = {
      threshold: threshold[k],
      observed: round6(threshold[k] * (1 + rng.exponential())),
    };
    const variant = rng.int(4);
    if (variant === 0) meta.symbol = symbols[rng.int(symbols.length)];
    if (variant === 1) {
      meta.exchange = exchanges[rng.int(exchanges.length)];
      meta.window_s = 60 * (1 + rng.int(15));
    }
    if (variant === 2) meta.acknowledged = rng.float() < 0.5;
    meta.note = NOTES[rng.int(NOTES.length)];
    return [timeUs, keys[k], severity, sourceRef, JSON.stringify(meta)];
  };
}

export const alertEvents: TableModule = {
  table: 'alert_events',
  defaultShape: () => ({
    keys: 12,
    skew: 1.1,
    outOfOrder: 0,
    maxLatenessMs: 60_000,
    burstFraction: 0.05,
    burstFactor: 5,
    nullFraction: 0.01,
    exchanges: 0,
  }),
  keyNames: alertTypeNames,
  createRowFactory,
};
