import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SHM_BYTES, dockerResources, parseSize } from '../../bench/runtimes/docker/resources.js';
import { demultiplex, statsToSample } from '../../bench/runtimes/docker/daemon.js';
import { containerLabels, parseDuTotal } from '../../bench/runtimes/docker/container.js';
import { InputError } from '../../bench/core/errors.js';

describe('docker resources', () => {
  test('sizes: bytes, binary suffixes as docker reads them, decimal SI units', () => {
    assert.equal(parseSize(1048576, 'x'), 1048576);
    assert.equal(parseSize('1g', 'x'), 1024 ** 3);
    assert.equal(parseSize('512MiB', 'x'), 512 * 1024 ** 2);
    assert.equal(parseSize('2GB', 'x'), 2e9);
    assert.equal(parseSize('1_024k', 'x'), 1024 * 1024);
    assert.throws(
      () => parseSize('lots', 'docker.memory'),
      (e: unknown) => e instanceof InputError && /docker\.memory/.test(e.message),
    );
    assert.throws(() => parseSize(-1, 'x'), InputError);
  });

  test('scenario-wide limits with per-engine overrides; shm defaults to 1 GiB', () => {
    const r = dockerResources({ docker: { cpus: 2, memory: '4g' } }, { options: { docker: { memory: '2g' } } });
    assert.deepEqual(r, { cpus: 2, memoryBytes: 2 * 1024 ** 3, shmSizeBytes: DEFAULT_SHM_BYTES });
    assert.deepEqual(dockerResources({}, { options: {} }), { cpus: null, memoryBytes: null, shmSizeBytes: DEFAULT_SHM_BYTES });
    assert.throws(() => dockerResources({ docker: { cpus: 0 } }, { options: {} }), InputError);
  });
});

describe('docker output parsing', () => {
  test('du -s -k -c total in bytes (GNU and BusyBox print the same shape)', () => {
    assert.equal(parseDuTotal('120\tbase\n8\tglobal\n128\ttotal\n'), 128 * 1024);
    assert.equal(parseDuTotal('du: cannot access x\n'), null);
  });

  test('stats: cpu% relative to one CPU, memory without inactive page cache', () => {
    const s = statsToSample({
      cpu_stats: { cpu_usage: { total_usage: 3_000 }, system_cpu_usage: 20_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 10_000 },
      memory_stats: { usage: 100_000, stats: { total_inactive_file: 30_000 } },
    });
    assert.equal(s.cpuPercent, 40);
    assert.equal(s.memoryBytes, 70_000);
    assert.deepEqual(statsToSample({}), { cpuPercent: null, memoryBytes: null });
  });

  test('log frames are demultiplexed; raw text passes through', () => {
    const frame = (stream: number, text: string) => {
      const body = Buffer.from(text);
      const head = Buffer.alloc(8);
      head[0] = stream;
      head.writeUInt32BE(body.length, 4);
      return Buffer.concat([head, body]);
    };
    assert.equal(demultiplex(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')])), 'out\nerr\n');
    assert.equal(demultiplex(Buffer.from('plain text')), 'plain text');
  });

  test('every container carries the cleanup labels', () => {
    assert.deepEqual(containerLabels('run-1', 'postgres', 'i-1'), {
      'tsdb-bench': '1',
      'tsdb-bench.run-id': 'run-1',
      'tsdb-bench.engine': 'postgres',
      'tsdb-bench.instance': 'i-1',
    });
  });
});
