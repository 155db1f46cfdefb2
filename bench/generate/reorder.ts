/**
 * Late rows: a row chosen to be late is held back and emitted once the stream has passed its
 * timestamp plus its lateness. Held rows sit in a binary min-heap keyed by emission instant,
 * so memory is bounded by (late fraction × rate × max lateness), not by the row count.
 */
import type { Row } from '../core/tables.js';

export class LateRowBuffer {
  private readonly keys: number[] = [];
  private readonly rows: Row[] = [];
  /** Insertion counter: breaks ties so the order is fully determined. */
  private readonly order: number[] = [];
  private counter = 0;

  get size(): number {
    return this.keys.length;
  }

  /** Holds `row` until the stream reaches `emitAtUs`. */
  hold(emitAtUs: number, row: Row): void {
    const keys = this.keys;
    let i = keys.length;
    keys.push(emitAtUs);
    this.rows.push(row);
    this.order.push(this.counter++);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** True when the earliest held row is due strictly before `nowUs`. */
  dueBefore(nowUs: number): boolean {
    return this.keys.length > 0 && this.keys[0] < nowUs;
  }

  /** Removes and returns the earliest held row. */
  take(): Row {
    const last = this.keys.length - 1;
    if (last < 0) throw new Error('LateRowBuffer is empty');
    const top = this.rows[0];
    this.swap(0, last);
    this.keys.pop();
    this.rows.pop();
    this.order.pop();
    let i = 0;
    const n = last;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    const a = this.keys[i];
    const b = this.keys[j];
    return a < b || (a === b && this.order[i] < this.order[j]);
  }

  private swap(i: number, j: number): void {
    const k = this.keys[i];
    this.keys[i] = this.keys[j];
    this.keys[j] = k;
    const r = this.rows[i];
    this.rows[i] = this.rows[j];
    this.rows[j] = r;
    const o = this.order[i];
    this.order[i] = this.order[j];
    this.order[j] = o;
  }
}
