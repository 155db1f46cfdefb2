/**
 * Do K runs of one scenario agree? (`tsdb-bench run --repeat K`.) Per claim verdict and per
 * metric a claim compares: every run's interval must contain every other run's point estimate,
 * and the verdicts must be identical. This is what a reviewer reads to trust a verdict: an
 * interval that does not hold the next run's estimate is narrower than the noise.
 */
import type { ClaimVerdict, Results } from '../core/results.js';
import { lookupMetric } from '../verdict/metric-lookup.js';

export interface StabilityItem {
  /** Claim verdict id, or `${target} ${metricKey}` for a compared metric. */
  id: string;
  kind: 'claim' | 'metric';
  /** Point estimate per run (null: none in that run). */
  estimates: (number | null)[];
  intervals: ([number, number] | null)[];
  n: (number | null)[];
  verdicts?: string[];
  /** Verdicts identical in every run (claims only). */
  sameVerdict?: boolean;
  /** Every run's interval contains every other run's estimate. */
  intervalsHold: boolean;
  /** Human-readable reasons when something does not hold. */
  problems: string[];
  stable: boolean;
}

export interface StabilityReport {
  scenario: string;
  fingerprint: string[];
  runs: number;
  stable: boolean;
  items: StabilityItem[];
}

function contains(interval: [number, number] | null, x: number | null): boolean {
  if (interval === null || x === null) return false;
  // Exact intervals (bytes) compare with a relative tolerance of 1e-12.
  const eps = Math.abs(x) * 1e-12;
  return x >= interval[0] - eps && x <= interval[1] + eps;
}

function crossCheck(estimates: (number | null)[], intervals: ([number, number] | null)[]): string[] {
  const problems: string[] = [];
  for (let i = 0; i < intervals.length; i++) {
    if (!intervals[i]) {
      problems.push(`run ${i + 1} has no interval`);
      continue;
    }
    for (let j = 0; j < estimates.length; j++) {
      if (i === j) continue;
      if (!contains(intervals[i], estimates[j])) {
        problems.push(`run ${i + 1}'s interval ${fmtInterval(intervals[i])} does not contain run ${j + 1}'s ${fmt(estimates[j])}`);
      }
    }
  }
  return problems;
}

function fmt(x: number | null): string {
  return x === null ? 'none' : String(Number(x.toPrecision(4)));
}

function fmtInterval(ci: [number, number] | null): string {
  return ci ? `[${fmt(ci[0])}, ${fmt(ci[1])}]` : 'none';
}

function claimItem(id: string, perRun: (ClaimVerdict | undefined)[]): StabilityItem {
  const estimates = perRun.map((v) => v?.measured ?? null);
  const intervals = perRun.map((v) => (v?.intervalKind === 'exact' && v.measured !== null ? ([v.measured, v.measured] as [number, number]) : (v?.ci95 ?? null)));
  const verdicts = perRun.map((v) => v?.verdict ?? 'missing');
  const sameVerdict = verdicts.every((v) => v === verdicts[0]);
  const crossProblems = crossCheck(estimates, intervals);
  const problems = sameVerdict ? crossProblems : [`verdicts differ: ${verdicts.join(', ')}`, ...crossProblems];
  return {
    id,
    kind: 'claim',
    estimates,
    intervals,
    n: perRun.map((v) => v?.n ?? null),
    verdicts,
    sameVerdict,
    intervalsHold: crossProblems.length === 0,
    problems,
    stable: problems.length === 0,
  };
}

function metricItems(runs: readonly Results[]): StabilityItem[] {
  const keys = new Set<string>();
  for (const claim of runs[0].scenario.claims ?? []) {
    keys.add(claim.metric);
    if (typeof claim.baselineMetric === 'string') keys.add(claim.baselineMetric);
  }
  const items: StabilityItem[] = [];
  for (const target of runs[0].targets) {
    for (const key of keys) {
      const found = runs.map((r) => {
        const t = r.targets.find((x) => x.id === target.id);
        const m = t ? lookupMetric(t, key) : undefined;
        return m?.found ? m.metric : undefined;
      });
      if (found.every((m) => m === undefined)) continue;
      const exact = found.every((m) => m?.sampleKind === 'exact');
      const estimates = found.map((m) => m?.value ?? null);
      const intervals = found.map((m) => (m ? (exact ? ([m.value, m.value] as [number, number]) : m.ci95) : null));
      const problems = crossCheck(estimates, intervals);
      items.push({
        id: `${target.id} ${key}`,
        kind: 'metric',
        estimates,
        intervals,
        n: found.map((m) => m?.n ?? null),
        intervalsHold: problems.length === 0,
        problems,
        stable: problems.length === 0,
      });
    }
  }
  return items;
}

export function assessStability(runs: readonly Results[]): StabilityReport {
  if (runs.length < 2) throw new RangeError('a stability check needs at least 2 runs');
  const ids = [...new Set(runs.flatMap((r) => r.claims.map((c) => c.id)))];
  const claims = ids.map((id) =>
    claimItem(
      id,
      runs.map((r) => r.claims.find((c) => c.id === id)),
    ),
  );
  const items = [...claims, ...metricItems(runs)];
  return {
    scenario: runs[0].scenario.name,
    fingerprint: [...new Set(runs.map((r) => r.dataset.fingerprint))],
    runs: runs.length,
    // Claims decide stability; per-metric rows explain it.
    stable: claims.every((c) => c.stable),
    items,
  };
}

export function stabilityMarkdown(report: StabilityReport, runDirs: readonly string[]): string {
  const lines: string[] = [];
  lines.push(`# Stability of ${report.scenario}: ${report.runs} runs — ${report.stable ? '**STABLE**' : '**NOT STABLE**'}`);
  lines.push('');
  lines.push(
    "A claim is stable when its verdict is identical in every run and every run's interval contains every other run's point estimate. " +
      'Intervals are 95% rerun intervals from paired interleaved trials (exact figures: the value itself).',
  );
  lines.push('');
  lines.push(`Dataset fingerprint(s): ${report.fingerprint.map((f) => `\`${f}\``).join(', ')}${report.fingerprint.length > 1 ? ' — the runs did NOT use the same data' : ''}`);
  lines.push('');
  lines.push(`Runs: ${runDirs.map((d, i) => `${i + 1}. \`${d}\``).join('  ')}`);
  lines.push('');
  const table = (kind: StabilityItem['kind'], title: string) => {
    const rows = report.items.filter((i) => i.kind === kind);
    if (rows.length === 0) return;
    lines.push(`## ${title}`);
    lines.push('');
    lines.push(
      `| ${kind === 'claim' ? 'claim' : 'target metric'} | ${runDirs.map((_, i) => `run ${i + 1}: estimate [interval] (n)${kind === 'claim' ? ' verdict' : ''}`).join(' | ')} | holds |`,
    );
    lines.push(`|---|${runDirs.map(() => '---').join('|')}|---|`);
    for (const it of rows) {
      const cells = it.estimates.map((e, i) => `${fmt(e)} ${fmtInterval(it.intervals[i])} (n=${it.n[i] ?? '–'})${it.verdicts ? ` ${it.verdicts[i]}` : ''}`);
      lines.push(`| ${it.id} | ${cells.join(' | ')} | ${it.stable ? 'yes' : `**no**: ${it.problems.join('; ')}`} |`);
    }
    lines.push('');
  };
  table('claim', 'Claims');
  table('metric', 'Metrics the claims compare');
  return lines.join('\n');
}
