/**
 * Progress of long work: a live bar (cli-progress) on a TTY, plain periodic log lines
 * otherwise (CI logs), nothing with --quiet. Progress goes to stderr.
 */
import cliProgress from 'cli-progress';
import type { Logger } from '../core/log.js';

export interface ProgressBar {
  /** Sets the amount done (same unit as total) and optional extra text. */
  update(done: number, note?: string): void;
  stop(finalNote?: string): void;
}

export type ProgressFactory = (label: string, total: number, unit: string) => ProgressBar;

function formatRate(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

function eta(done: number, total: number, elapsedS: number): string {
  if (done <= 0 || done >= total) return '-';
  const s = (elapsedS * (total - done)) / done;
  return s >= 60 ? `${Math.floor(s / 60)}m${Math.round(s % 60)}s` : `${s.toFixed(0)}s`;
}

export function createProgress(options: { quiet: boolean; tty: boolean; log: Logger; intervalMs?: number }): ProgressFactory {
  return (label, total, unit) => {
    const started = performance.now();
    if (options.quiet) return { update() {}, stop() {} };
    if (options.tty) {
      const bar = new cliProgress.SingleBar(
        {
          format: `${label} [{bar}] {percentage}% {value}/{total} ${unit} | {rate} ${unit}/s | {elapsed}s elapsed, ETA {eta_h} {note}`,
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 20,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { rate: '0', note: '', elapsed: '0', eta_h: '-' });
      return {
        update(done, note = '') {
          const el = (performance.now() - started) / 1000;
          bar.update(Math.min(done, total), { rate: formatRate(done / Math.max(el, 1e-3)), note, elapsed: el.toFixed(0), eta_h: eta(done, total, el) });
        },
        stop(finalNote) {
          bar.stop();
          if (finalNote) options.log.info(`${label}: ${finalNote}`);
        },
      };
    }
    let lastLog = started;
    const every = options.intervalMs ?? 5000;
    return {
      update(done, note = '') {
        const now = performance.now();
        if (now - lastLog < every) return;
        lastLog = now;
        const el = (now - started) / 1000;
        options.log.info(
          `${label}: ${done}/${total} ${unit} (${((100 * done) / Math.max(total, 1)).toFixed(0)}%), ${formatRate(done / Math.max(el, 1e-3))} ${unit}/s, ${el.toFixed(0)}s elapsed, ETA ${eta(done, total, el)} ${note}`.trimEnd(),
        );
      },
      stop(finalNote) {
        if (finalNote) options.log.info(`${label}: ${finalNote}`);
      },
    };
  };
}
