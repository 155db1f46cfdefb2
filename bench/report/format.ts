/**
 * Report formatting lives in bench/format/ (shared with verdicts, comparisons and capacity
 * text); re-exported here until every report module imports it from there.
 */
export { DASH, formatCount, formatDuration, formatMs, formatNumber, formatPercent, formatRate, formatRatio } from '../format/numbers.js';
export { formatBytes } from '../format/bytes.js';
export { formatInterval, formatValue } from '../format/values.js';
export { formatMetric, formatMetricInterval, formatMetricWithCI, metricN } from '../format/metric.js';
