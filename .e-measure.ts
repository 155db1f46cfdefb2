import { runtime } from './bench/runtimes/embedded/index.js';
import { generateBatches, resolveShape } from './bench/generate/index.js';
import { silentLogger } from './bench/core/log.js';
import type { Scenario } from './bench/core/scenario.js';
import type { Engine } from './bench/core/engine.js';
const which = process.argv[2] ?? 'timescaledb';
const ROWS = Number(process.argv[3] ?? 200_000);
const { engine } = (await import(`./bench/engines/${which}/index.js`)) as { engine: Engine };
const HOUR = 3_600_000, DAY = 86_400_000;
const anchor = Math.floor(Date.now() / HOUR) * HOUR;
const scenario = { name: 'm' } as unknown as Scenario;
const signal = new AbortController().signal;
const server = await runtime.start({ engine: engine.name, family: engine.server, requirements: engine.requirements, options: { settings: {}, options: {} }, scenario, runId: 'm', log: silentLogger, signal, flags: {} });
const session = await engine.open(server.endpoint, { scenario, runId: 'm', options: { settings: {}, options: {} }, log: silentLogger, signal });
await session.createTables(['market_price_ticks']);
const w = await session.writer('market_price_ticks', 'copy');
const batches = [...generateBatches({ table: 'market_price_ticks', seed: 1, stream: 'preload', shape: resolveShape('market_price_ticks'), anchorMs: anchor, startMs: anchor - 10 * DAY, endMs: anchor, rows: ROWS }, 10_000)].map((b) => w.encode(b));
let ms = 0;
for (const b of batches) { const t0 = performance.now(); await w.write(b); ms += performance.now() - t0; }
await w.close();
const n = await session.count('market_price_ticks');
await session.flush();
const [st] = await session.storage(['market_price_ticks']);
const alloc = await server.allocatedBytes(st.dataPaths);
console.log(JSON.stringify({ engine: which, rows: n, loadSeconds: +(ms / 1000).toFixed(2), rowsPerSec: Math.round(ROWS / (ms / 1000)), primary: st.engineBytes[st.primary], allocated: alloc }));
if (session.compress) {
  await session.compress.configure(['market_price_ticks'], 7 * DAY);
  const t0 = performance.now();
  const r = await session.compress.run(['market_price_ticks'], anchor - 7 * DAY);
  const cms = performance.now() - t0;
  await session.flush();
  const [st2] = await session.storage(['market_price_ticks']);
  const e = st2.engineBytes;
  console.log(JSON.stringify({ compressMs: Math.round(cms), chunks: r.unitsCompressed, before: e.compressed_before_total_bytes, after: e.compressed_after_total_bytes, ratio: +(e.compressed_before_total_bytes / e.compressed_after_total_bytes).toFixed(2), hypertableSizeAfter: e.hypertable_size, allocatedAfter: await server.allocatedBytes(st2.dataPaths) }));
}
await session.close();
await server.stop();
console.log(JSON.stringify({ peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
