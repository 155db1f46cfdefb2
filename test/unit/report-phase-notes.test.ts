import { test } from 'node:test';
import { isPhaseOf } from '../../bench/core/results.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { LoadSample, PhaseResult, Results } from '../../bench/core/results.js';
import { renderHtml } from '../../bench/report/html.js';
import { renderSummary } from '../../bench/report/markdown.js';

const FIXTURE = new URL('../../fixtures/results-seed-matrix.json', import.meta.url);
const load = (): Results => JSON.parse(readFileSync(FIXTURE, 'utf8')) as Results;

function phase(r: Results, targetId: string, id: string): PhaseResult {
  const p = r.targets.find((t) => t.id === targetId)?.phases.find((x) => x.id === id);
  assert.ok(p, `${targetId} has no phase ${id}`);
  return p;
}

/** The `### heading` subsection of `md`, up to the next heading of level 2 or 3. */
function subsection(md: string, heading: string): string {
  const start = md.indexOf(`### ${heading}`);
  assert.ok(start >= 0, `no ### ${heading}`);
  const next = md.slice(start + 4).search(/\n##+ /);
  return md.slice(start, next < 0 ? undefined : start + 4 + next);
}

function row(section: string, startsWith: string): string[] {
  const line = section.split('\n').find((l) => l.startsWith(`| ${startsWith}`));
  assert.ok(line, `no row starting with ${startsWith}`);
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

const sample = (l1: number, busy: number | null, steal: number | null): LoadSample => ({ loadavg: [l1, 1, 1], busyPercent: busy, stealPercent: steal, at: '2025-11-25T21:15:00Z' });

test('metrics with no measured sample render as "no data — reason", never 0, in the phase table and a list', () => {
  const r = load();
  const ingest = phase(r, 'postgres@native', 'ingest');
  delete ingest.metrics.latency_p50_ms;
  delete ingest.metrics.achieved_rows_per_s;
  ingest.noData = { latency_p50_ms: 'no batch was scheduled after the warm-up', achieved_rows_per_s: 'no batch was scheduled after the warm-up' };
  const pre = phase(r, 'postgres@native', 'preload');
  pre.metrics = {};
  pre.noData = { rows_per_s: 'every trial was interrupted' };
  const md = renderSummary(r);
  const ingestSection = subsection(md, 'ingest (ingest)');
  const cells = row(ingestSection, '`postgres@native`');
  // Achieved rate and p50 say why they are missing; the figures that were measured stay.
  assert.deepEqual(cells.slice(2, 4), ['no data — no batch was scheduled after the warm-up', 'no data — no batch was scheduled after the warm-up']);
  assert.match(cells[4], /^[\d.]+ ms$/);
  assert.match(ingestSection, /- `postgres@native` `latency_p50_ms`: no data — no batch was scheduled after the warm-up/);
  assert.match(ingestSection, /\*\*No data\*\* \(not measured, so not reported as 0/);
  assert.equal(row(subsection(md, 'preload (preload)'), '`postgres@native`')[1], 'no data — every trial was interrupted');
});

test('a no-data metric the kind table does not show appears in the generic table as no data', () => {
  const r = load();
  const ingest = phase(r, 'postgres@native', 'ingest');
  ingest.noData = { queue_depth_p99: 'the writer recorded no queue samples' };
  const section = subsection(renderSummary(r), 'ingest (ingest)');
  const cells = row(section, '`postgres@native` (native) | `queue_depth_p99`');
  assert.equal(cells[3], 'no data — the writer recorded no queue samples');
});

test('n beside every metric interval, and the interval method once per phase', () => {
  const r = load();
  for (const t of r.targets) {
    const p = t.phases.find((x) => x.id === 'preload');
    if (!p?.metrics.rows_per_s) continue;
    Object.assign(p.metrics.rows_per_s, { n: 10, intervalMethod: '95% rerun interval from n=10 trials: exp(mean(ln x) ± t(0.975, 9) · sd(ln x) · sqrt(2/n))' });
  }
  const few = phase(r, 'postgres@native', 'preload').metrics.rows_per_s;
  Object.assign(few, { n: 2, ci95: null, intervalMethod: 'no interval: n=2 trials, at least 3 are needed' });
  const section = subsection(renderSummary(r), 'preload (preload)');
  assert.deepEqual(row(section, 'Target').slice(2, 4), ['Throughput', 'Interval (n)']);
  assert.match(row(section, '`postgres@embedded`')[3], /^[\d,]+ rows\/s – [\d,]+ rows\/s \(n=10\)$/);
  assert.equal(row(section, '`postgres@native`')[3], 'no interval (n=2)');
  // Two methods in the phase: each listed once, with its targets.
  assert.match(
    section,
    /Intervals:\n\n- 95% rerun interval from n=10 trials: exp\(mean\(ln x\) ± t\(0\.975, 9\) · sd\(ln x\) · sqrt\(2\/n\)\) \(`postgres@embedded`, `timescaledb@embedded`, `influxdb@native`\)\n- no interval: n=2 trials, at least 3 are needed \(`postgres@native`\)/,
  );
  assert.equal(section.split('95% rerun interval from n=10').length - 1, 1);
});

test('ingest trials that append say so when the phase records trialsAppend', () => {
  const r = load();
  const md = renderSummary(r);
  assert.doesNotMatch(md, /Trials append/);
  const ingest = phase(r, 'postgres@native', 'ingest');
  assert.ok(isPhaseOf(ingest, 'ingest') && ingest.details);
  ingest.details.trialsAppend = true;
  const section = subsection(renderSummary(r), 'ingest (ingest)');
  assert.match(section, /\*\*Trials append\*\*: each trial of this phase appends its rows to the same table \(`postgres@native`\), so the table grows trial by trial/);
});

test('trial order (interleaving) in the plan section, compactly, with a letter per target', () => {
  const r = load();
  const [a, b] = ['postgres@embedded', 'timescaledb@embedded'];
  r.trialOrder = [
    { phase: 'preload', trial: 1, order: [a, b] },
    { phase: 'preload', trial: 2, order: [b, a] },
    { phase: 'preload', trial: 3, order: [a, b] },
    { phase: 'ingest', trial: 1, order: [b, a] },
  ];
  const md = renderSummary(r);
  const plan = md.slice(md.indexOf('## Plan'), md.indexOf('## Dataset and machine'));
  assert.match(plan, /A = `postgres@embedded`, B = `timescaledb@embedded`\./);
  assert.match(plan, /- `preload`: trial 1 A,B; trial 2 B,A; trial 3 A,B\n- `ingest`: trial 1 B,A/);
  // Older files recorded none: said plainly.
  assert.match(renderSummary(load()), /Trial order: not recorded in this results file/);
});

test('machine load per phase and target: load average before → after, busy and steal where visible', () => {
  const r = load();
  phase(r, 'postgres@native', 'preload').load = { before: sample(0.52, null, null), after: sample(1.87, 96.5, null) };
  phase(r, 'postgres@native', 'query').load = { before: sample(1.87, 90, null), after: sample(2.1, 99.2, null) };
  let md = renderSummary(r);
  let section = md.slice(md.indexOf('**Machine load per phase**'));
  assert.match(section, /Steal time is not visible on this machine/);
  assert.deepEqual(row(section, 'Phase'), ['Phase', 'Target', 'Load average (1 min) before → after', 'CPU busy before → after']);
  assert.deepEqual(row(section, '`preload`'), ['`preload`', '`postgres@native`', '0.52 → 1.87', '— → 96.5 %']);
  // With steal visible, a steal column.
  phase(r, 'postgres@native', 'query').load!.after.stealPercent = 3.25;
  md = renderSummary(r);
  section = md.slice(md.indexOf('**Machine load per phase**'));
  assert.deepEqual(row(section, '`query`').slice(2), ['1.87 → 2.1', '90 % → 99.2 %', '— → 3.25 %']);
  // Older files: no load, no section.
  assert.doesNotMatch(renderSummary(load()), /Machine load per phase/);
  assert.match(renderHtml(r, []), /<th class="right">Steal before → after<\/th>/);
});

test('the method text states how intervals and paired ratios are formed', () => {
  const md = renderSummary(load());
  const method = md.slice(md.indexOf('### Intervals and ratios'));
  assert.match(method, /Ratios between two targets are formed per interleaved trial pair \(trial i of A and trial i of B ran back to back in one round, order rotated per round\)/);
  assert.match(method, /95% prediction interval for the next run's estimate: exp\(mean\(ln r\) ± t\(0\.975, n-1\) · sd\(ln r\) · sqrt\(2\/n\)\)/);
  assert.match(method, /With n < 3 pairs \(or trials\) no interval is formed/);
});
