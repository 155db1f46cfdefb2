/** Clock offsets against the target's clock (bench/shard/clock.ts): the NTP-style estimate and the spread between shards. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clockSpread, measureClockOffset, type ClockOffset } from '../../bench/shard/clock.js';

/** A local clock that advances by the given steps at each reading, and a server `skew` ms behind it. */
function scripted(steps: number[], serverDelay: number[], skew: number) {
  let local = 1_000_000;
  let i = 0;
  let r = 0;
  return {
    localMs: () => {
      const now = local;
      local += steps[i++ % steps.length];
      return now;
    },
    // The server reads its clock some time into the round trip.
    server: async () => local - skew - serverDelay[r++ % serverDelay.length],
  };
}

describe('measureClockOffset', () => {
  test('a symmetric round trip gives the exact offset, bounded by half the round trip', async () => {
    // t0 = 1_000_000, then the local clock steps 10 ms to t1; the server read at t0 + 5 (its own clock 250 ms behind).
    const c = scripted([10, 0], [5], 250);
    const o = await measureClockOffset('target server clock', c.server, c.localMs, 1, 0);
    assert.deepEqual(o, { reference: 'target server clock', offsetMs: 250, uncertaintyMs: 5, readings: 1 });
  });

  test('keeps the reading with the shortest round trip', async () => {
    // Round trips 40, 4, 40 ms: the 4 ms one (uncertainty 2) is kept.
    let n = 0;
    const rtts = [40, 4, 40];
    let local = 0;
    const localMs = () => local;
    const server = async () => {
      const rtt = rtts[n++];
      const t = local + rtt / 2 - 100; // server 100 ms behind, read mid-trip
      local += rtt;
      return t;
    };
    const o = await measureClockOffset('x', server, localMs, 3, 0);
    assert.equal(o.uncertaintyMs, 2);
    assert.equal(o.offsetMs, 100);
  });

  test('a whole-millisecond local clock adds half a millisecond to the estimate and its bound', async () => {
    // Local readings 1000 and 1000 (a round trip under 1 ms), server at 999.9: the local instant
    // lies in [1000, 1001), so the offset is 0.6 ± 0.5 ms, not 0.1 ± 0.
    const o = await measureClockOffset(
      'x',
      async () => 999.9,
      () => 1000,
      1,
    );
    assert.deepEqual(o, { reference: 'x', offsetMs: 0.6, uncertaintyMs: 0.5, readings: 1 });
  });

  test('a server that gives no number is an error, not an offset', async () => {
    await assert.rejects(
      measureClockOffset(
        'x',
        async () => Number.NaN,
        () => 0,
        1,
      ),
      /gave no time/,
    );
  });
});

describe('clockSpread', () => {
  const at = (offsetMs: number, uncertaintyMs: number): ClockOffset => ({ reference: 'target server clock', offsetMs, uncertaintyMs, readings: 7 });

  test("spread of offsets and the sum of the extremes' uncertainties", () => {
    assert.deepEqual(clockSpread([at(3, 0.5), at(-2, 1), null, at(10, 0.25)]), { reference: 'target server clock', spreadMs: 12, uncertaintyMs: 1.25, measured: 3 });
  });

  test('not measured with fewer than two shards or different references', () => {
    assert.equal(clockSpread([at(1, 1), null, undefined]), null);
    assert.equal(clockSpread([at(1, 1), { ...at(2, 1), reference: 'other' }]), null);
  });
});
