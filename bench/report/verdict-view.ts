/**
 * Read-only view of one claim verdict for the reports (verdict table, forest plot): what kind
 * of claim it is, the interval it was decided on, its n and interval kind in words, and whether
 * it rests on embedded (WASM) figures. Tolerates results files written before these fields
 * existed: everything missing is derived from what the verdict and its targets do record.
 */
import type { ClaimVerdict, Results } from '../core/results.js';

export type IntervalKind = 'rerun' | 'exact' | 'bracket' | null;

export interface VerdictView {
  verdict: ClaimVerdict;
  kind: 'ratio' | 'threshold';
  /** Unit of `measured` ('x' for ratios). */
  unit: string;
  factor: number | null;
  threshold: number | null;
  n: number | null;
  intervalKind: IntervalKind;
  /** True when the interval is not one of this version's intervals (an older results file's bootstrap CI). */
  legacyInterval: boolean;
  embedded: boolean;
  caveat: string | null;
}

export const EMBEDDED_THRESHOLD_CAVEAT = 'absolute figure on an embedded (WASM) target: not representative of a native server';

function isEmbedded(results: Results, v: ClaimVerdict): boolean {
  if (typeof v.embedded === 'boolean') return v.embedded;
  if (v.runtime === 'embedded') return true;
  const ids = [v.targetId, v.baselineId].filter((x): x is string => typeof x === 'string');
  return ids.some((id) => results.targets.find((t) => t.id === id)?.runtime === 'embedded');
}

function intervalKindOf(v: ClaimVerdict): { kind: IntervalKind; legacy: boolean } {
  if (v.intervalKind !== undefined) return { kind: v.intervalKind, legacy: false };
  // Older files: no kind recorded. A degenerate interval is an exact figure; a wide one was a bootstrap CI.
  if (!v.ci95) return { kind: null, legacy: false };
  if (v.ci95[0] === v.ci95[1]) return { kind: 'exact', legacy: false };
  return { kind: 'rerun', legacy: true };
}

export function verdictView(results: Results, v: ClaimVerdict): VerdictView {
  const threshold = v.threshold ?? null;
  const kind: VerdictView['kind'] = v.kind ?? (threshold !== null ? 'threshold' : 'ratio');
  const unit = v.unit ?? (kind === 'ratio' ? 'x' : '');
  const { kind: intervalKind, legacy } = intervalKindOf(v);
  const embedded = isEmbedded(results, v);
  const caveat = v.caveat ?? (kind === 'threshold' && embedded ? EMBEDDED_THRESHOLD_CAVEAT : null);
  return { verdict: v, kind, unit, factor: v.factor ?? null, threshold, n: v.n ?? null, intervalKind, legacyInterval: legacy, embedded, caveat };
}

/** "95% rerun interval from 10 paired trials", "exact", "search bracket", "no interval: n too small". */
export function intervalKindText(view: VerdictView): string {
  const { verdict: v, n } = view;
  if (view.legacyInterval) return '95% bootstrap CI (results file without trial pairs)';
  switch (view.intervalKind) {
    case 'rerun':
      return n !== null ? `95% rerun interval from ${n} ${view.kind === 'ratio' ? 'paired trials' : 'trials'}` : '95% rerun interval (n not recorded)';
    case 'exact':
      return 'exact';
    case 'bracket':
      return 'search bracket';
    default:
      if (v.measured === null) return 'no interval: no data';
      return `no interval: n too small${n !== null ? ` (n=${n})` : ''}`;
  }
}

/** n as shown beside an interval: the recorded n, else "—" (older files recorded none). */
export function nText(view: VerdictView): string {
  if (view.n !== null) return String(view.n);
  return view.intervalKind === 'exact' ? 'exact' : '—';
}

/** "timescaledb@embedded vs postgres@embedded (embedded (WASM))": what was compared, on which runtime. */
export function comparedWithRuntime(results: Results, view: VerdictView): string | null {
  const { targetId: t, baselineId: b, runtimeLabel } = view.verdict;
  if (!t) return null;
  const runtime = runtimeLabel ?? results.targets.find((x) => x.id === t)?.runtimeLabel ?? null;
  const pair = b && b !== t ? `${t} vs ${b}` : t;
  return runtime ? `${pair} (${runtime})` : pair;
}

/** The row note: decided on embedded figures, and the caveat of an absolute figure. */
export function verdictNote(view: VerdictView): string {
  const notes: string[] = [];
  if (view.embedded) notes.push('decided on embedded (WASM) figures');
  if (view.caveat) notes.push(view.caveat);
  return notes.join('; ');
}
