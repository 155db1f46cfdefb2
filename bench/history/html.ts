/**
 * The history page: one self-contained HTML file (inline CSS and SVG, no script, no network).
 */
import { DEFAULT_ALPHA, DEFAULT_MIN_EFFECT, EFFECT_KINDS } from '../compare/thresholds.js';
import { MIN_SEGMENT } from './changepoints.js';
import type { History, MetricSeries } from './series.js';
import { escapeXml as esc, renderSeriesSvg } from './svg.js';

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}h3{font-size:1em;margin:1.5em 0 .3em}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f5f5f5}code{font-size:12px}.reg{color:#c62828;font-weight:600}.imp{color:#2e7d32;font-weight:600}
.method{background:#fafafa;border:1px solid #eee;padding:8px 14px;font-size:13px}.chart{margin:4px 0 14px}
.meta{color:#666;font-size:12px}.grid{display:flex;flex-wrap:wrap;gap:4px 24px}
`;

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function runsTable(history: History): string {
  const rows = history.runs
    .map((r, i) => {
      const targets = r.targets.map((t) => `${esc(t.id)}${t.status !== 'ok' ? ` (${esc(t.status)})` : ''}`).join('<br>');
      const changes = [
        r.regressions ? `<span class="reg">${r.regressions} regression(s)</span>` : '',
        r.improvements ? `<span class="imp">${r.improvements} improvement(s)</span>` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return `<tr><td>${i + 1}</td><td>${esc(r.startedAt)}</td><td>${esc(r.scenario)}</td><td><code>${esc(r.runId)}</code></td><td>${r.gitCommit ? `<code>${esc(r.gitCommit.slice(0, 12))}</code>` : '—'}</td><td>${esc(r.status)}</td><td><code title="${esc(r.fingerprint)}">${esc(r.fingerprint.slice(0, 12))}</code></td><td>${targets}</td><td>${changes || '—'}</td></tr>`;
    })
    .join('\n');
  return `<table class="runs"><thead><tr><th>#</th><th>Started</th><th>Scenario</th><th>Run</th><th>Commit</th><th>Status</th><th>Dataset fingerprint</th><th>Targets</th><th>vs previous runs</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function seriesBlock(s: MetricSeries): string {
  const last = s.points[s.points.length - 1];
  const shifts = s.changePoints.filter((c) => c.kind === 'shift');
  const flag =
    last.verdict === 'regression' ? ' <span class="reg">latest: regression</span>' : last.verdict === 'improvement' ? ' <span class="imp">latest: improvement</span>' : '';
  const cps = shifts.length
    ? `<div class="meta">change points: ${shifts
        .map((c) => `${esc(s.points[c.index].startedAt.slice(0, 16))} (${c.changePct === null ? '' : `${c.changePct >= 0 ? '+' : ''}${c.changePct.toFixed(1)}%, `}${c.verdict})`)
        .join('; ')}</div>`
    : '';
  return `<div class="chart" id="${esc(encodeURIComponent(s.scenario + ' ' + s.id))}"><h3><code>${esc(s.id)}</code> — ${esc(s.label)} (${esc(s.statistic)}, ${esc(s.unit)}, ${s.better} is better)${flag}</h3>${renderSeriesSvg(s)}${cps}</div>`;
}

export function renderHistoryHtml(history: History, title = 'tsdb-bench history'): string {
  const effects = EFFECT_KINDS.map((k) => `${k} ${pct(DEFAULT_MIN_EFFECT[k])}`).join(', ');
  const sections: string[] = [];
  const scenarios = [...new Set(history.series.map((s) => s.scenario))];
  for (const scenario of scenarios) {
    sections.push(`<h2>Scenario <code>${esc(scenario)}</code></h2>`);
    const targets = [...new Set(history.series.filter((s) => s.scenario === scenario).map((s) => s.target))];
    for (const target of targets) {
      sections.push(`<h2 style="font-size:1.05em;border:none">${esc(target)}</h2>`);
      for (const s of history.series.filter((x) => x.scenario === scenario && x.target === target)) sections.push(seriesBlock(s));
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${history.runs.length} run(s), generated ${esc(history.generatedAt)}.</p>
<div class="method">
<p><b>Points</b>: each run's headline value of the metric; whiskers: its 95% bootstrap confidence interval.</p>
<p><b>Regressions</b> (red) and <b>improvements</b> (green): each run is compared with up to ${history.window} previous runs of the same scenario and target
with the same dataset fingerprint, methodology version, runtime kind and engine version (samples pooled), by the rules of <code>tsdb-bench compare</code>:
two-sided Mann-Whitney U p &lt; ${DEFAULT_ALPHA} on raw samples and a change of the statistic beyond the minimum effect (${effects});
exact figures on any change beyond a relative 1e-9 (unless the scenario's <code>compare.minEffect</code> overrides).</p>
<p><b>Change points</b> (purple dashed lines): binary segmentation. The candidate split of a segment (at least ${MIN_SEGMENT} runs per side) is the one
maximizing Welch's t statistic between the runs' values before and after it; it is kept when the compare rules on the pooled raw samples of both
sides give a regression or improvement, and both halves are searched again. Exact figures: every change between consecutive runs.
Grey dashed lines: the run setup changed (dataset, methodology, runtime or engine version); no comparison crosses them.</p>
</div>
<h2>Runs</h2>
${runsTable(history)}
${sections.join('\n')}
</body></html>
`;
}
