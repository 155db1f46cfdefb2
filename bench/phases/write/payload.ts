/**
 * Encoded payloads crossing a thread boundary: structured cloning turns a Buffer into a plain
 * Uint8Array, so the receiver turns it back (no copy); the sender can transfer the memory of
 * Buffers that own it whole instead of copying it.
 */

function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

/** The payload with every Uint8Array (top level or one property down) as a Buffer. */
export function reviveBuffers(payload: unknown): unknown {
  if (payload instanceof Uint8Array) return asBuffer(payload);
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(payload)) out[k] = v instanceof Uint8Array ? asBuffer(v) : v;
    return out;
  }
  return payload;
}

/** ArrayBuffers of the payload's byte arrays that can be transferred (each owned whole by one array). */
export function transferables(payload: unknown): ArrayBuffer[] {
  const arrays: Uint8Array[] = [];
  if (payload instanceof Uint8Array) arrays.push(payload);
  else if (payload && typeof payload === 'object') for (const v of Object.values(payload)) if (v instanceof Uint8Array) arrays.push(v);
  const out: ArrayBuffer[] = [];
  for (const a of arrays) {
    const ab = a.buffer;
    // Small Buffers share Node's pool: copying them is cheap, transferring would detach others.
    if (ab instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === ab.byteLength && !out.includes(ab)) out.push(ab);
  }
  return out;
}
