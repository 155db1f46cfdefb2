/**
 * Seeded pseudo-random numbers. sfc32 (Small Fast Counting, 128-bit state, passes PractRand)
 * keeps its state in four int32 fields, so a draw is a handful of integer operations and never
 * allocates. Every independent stream of draws is keyed by a list of parts (seed, table,
 * stream, purpose) hashed with SHA-256, so changing one knob (e.g. the out-of-order fraction)
 * does not shift the draws another knob depends on.
 */
import { createHash } from 'node:crypto';

const TWO_POW_32 = 4294967296;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const t = (((a + b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform float in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** Symmetric triangular draw in (-1, 1) scaled to unit variance: a cheap normal stand-in. */
  centered(): number {
    return (this.float() + this.float() - 1) * 2.449489742783178; // sqrt(6)
  }

  /** Exponential draw with mean 1. */
  exponential(): number {
    return -Math.log(1 - this.float());
  }
}

/** 128 bits of key material for the given parts (stable across platforms and Node versions). */
export function seedWords(parts: readonly (string | number)[]): [number, number, number, number] {
  const h = createHash('sha256').update(parts.map(String).join('\u0000')).digest();
  return [h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12)];
}

/** A generator keyed by `parts`, e.g. rngFor([seed, table, stream, 'values']). */
export function rngFor(parts: readonly (string | number)[]): Rng {
  const [a, b, c, d] = seedWords(parts);
  return new Rng(a, b, c, d);
}

/** murmur3 finalizer: a stateless 32-bit hash of (key, index), uniform in [0, 1). */
export function hashUnit(key: number, index: number): number {
  let h = (key ^ Math.imul(index | 0, 0x9e3779b1)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / TWO_POW_32;
}
