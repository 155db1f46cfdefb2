/** Table name -> generator module. Adding a table means adding one file and one line here. */
import type { TableName } from '../../core/tables.js';
import type { TableModule } from './table-module.js';
import { marketPriceTicks } from './market-price-ticks.js';
import { sourceReliabilityMetrics } from './source-reliability-metrics.js';
import { sentimentScores } from './sentiment-scores.js';
import { alertEvents } from './alert-events.js';

const MODULES: Readonly<Record<TableName, TableModule>> = {
  market_price_ticks: marketPriceTicks,
  source_reliability_metrics: sourceReliabilityMetrics,
  sentiment_scores: sentimentScores,
  alert_events: alertEvents,
};

export function tableModule(table: TableName): TableModule {
  const module = MODULES[table];
  if (!module) throw new Error(`no generator for table '${table}'`);
  return module;
}

export type { TableModule, RowFactory, RowFactoryContext } from './table-module.js';
