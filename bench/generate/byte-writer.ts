/**
 * A growable byte buffer for the wire encoders (COPY text, line protocol). Writing characters
 * straight into bytes avoids building millions of small concatenated strings (which costs more
 * in garbage collection and flattening than the encoding itself). Encoders keep one writer,
 * reset it per batch and return a copy of the written bytes, so the scratch memory is reused.
 */

const BACKSLASH = 92;

function forbidden(s: string, c: number): Error {
  return new Error(`character ${JSON.stringify(String.fromCharCode(c))} cannot be encoded here: ${JSON.stringify(s)}`);
}

export class ByteWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialBytes = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  reset(): void {
    this.pos = 0;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** One byte (the caller has ensured room). */
  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  /** The bytes of an ASCII-only constant (the caller has ensured room). */
  bytes(src: Uint8Array): void {
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < src.length; i++) buf[pos++] = src[i];
    this.pos = pos;
  }

  /** `s` in UTF-8. */
  string(s: string): void {
    const len = s.length;
    this.ensure(len);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = pos;
        this.utf8Tail(s, i);
        return;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
  }

  /**
   * `s` in UTF-8 with a backslash before every character for which `special[c]` is 1 and
   * `replace[c]` substituted for characters listed there (e.g. tab -> `\t`); characters with
   * `special[c]` 2 cannot be written at all (error).
   */
  escaped(s: string, special: Uint8Array, replace: Uint8Array): void {
    const len = s.length;
    this.ensure(len * 2);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = pos;
        this.escapedSlow(s, i, special, replace);
        return;
      }
      const kind = special[c];
      if (kind === 0) {
        buf[pos++] = c;
      } else if (kind === 1) {
        buf[pos++] = BACKSLASH;
        buf[pos++] = replace[c];
      } else {
        throw forbidden(s, c);
      }
    }
    this.pos = pos;
  }

  /** Decimal digits of a non-negative safe integer (others: their JavaScript text). */
  uint(n: number): void {
    if (!(n >= 0 && n <= Number.MAX_SAFE_INTEGER && n === Math.floor(n))) {
      this.string('' + n);
      return;
    }
    this.ensure(16);
    const hi = Math.floor(n / 1e8);
    const lo = n - hi * 1e8;
    if (hi > 0) {
      this.digits(hi, false);
      this.digits(lo, true);
    } else {
      this.digits(lo, false);
    }
  }

  /** Digits of 0 <= n < 1e8; `pad` writes exactly 8 digits. */
  private digits(n: number, pad: boolean): void {
    const buf = this.buf;
    let count = 8;
    if (!pad) {
      count = 1;
      for (let limit = 10; count < 8 && n >= limit; limit *= 10) count++;
    }
    let v = n | 0;
    const at = this.pos;
    for (let i = count - 1; i >= 0; i--) {
      const q = (v / 10) | 0;
      buf[at + i] = 48 + v - q * 10;
      v = q;
    }
    this.pos = at + count;
  }

  /** A copy of the bytes written since the last reset. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }

  private utf8Tail(s: string, from: number): void {
    const tail = s.slice(from);
    this.ensure(Buffer.byteLength(tail, 'utf8'));
    this.pos += this.buf.write(tail, this.pos, 'utf8');
  }

  private escapedSlow(s: string, from: number, special: Uint8Array, replace: Uint8Array): void {
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        this.ensure(2);
        if (special[c] === 2) throw forbidden(s, c);
        if (special[c] === 1) this.buf[this.pos++] = BACKSLASH;
        this.buf[this.pos++] = special[c] === 1 ? replace[c] : c;
        continue;
      }
      // Copy the whole code point (surrogate pairs stay together).
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      this.ensure(4);
      this.pos += this.buf.write(ch, this.pos, 'utf8');
      if (cp > 0xffff) i++;
    }
  }
}

/**
 * Lookup tables for ByteWriter.escaped: `pairs` maps a character to the letter written after
 * the backslash; `forbidden` lists characters that cannot be written at all.
 */
export function escapeTables(pairs: Record<string, string>, forbiddenChars = ''): { special: Uint8Array; replace: Uint8Array } {
  const special = new Uint8Array(128);
  const replace = new Uint8Array(128);
  for (const [from, to] of Object.entries(pairs)) {
    special[from.charCodeAt(0)] = 1;
    replace[from.charCodeAt(0)] = to.charCodeAt(0);
  }
  for (const ch of forbiddenChars) special[ch.charCodeAt(0)] = 2;
  return { special, replace };
}
