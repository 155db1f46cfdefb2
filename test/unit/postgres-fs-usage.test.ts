import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, linkSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocatedBytes, apparentBytes, isRelationFileOf } from '../../bench/runtimes/native/fs-usage.js';

function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tsdb-bench-fsu-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('a sparse file: allocated bytes are far below apparent bytes', () =>
  withDir(async (dir) => {
    const fd = openSync(join(dir, 'sparse'), 'w');
    writeSync(fd, Buffer.from('x'), 0, 1, 16 * 1024 * 1024 - 1); // 16 MiB hole + 1 byte
    closeSync(fd);
    const apparent = await apparentBytes(dir, ['sparse']);
    const allocated = await allocatedBytes(dir, ['sparse']);
    assert.equal(apparent, 16 * 1024 * 1024);
    assert.ok(allocated > 0, 'the written block is allocated');
    assert.ok(allocated < apparent / 100, `allocated ${allocated} should be far below apparent ${apparent}`);
    assert.equal(allocated, statSync(join(dir, 'sparse')).blocks * 512);
  }));

test('prefixMatch counts PostgreSQL segment and fork files, and nothing else', () =>
  withDir(async (dir) => {
    const db = join(dir, 'base', '5');
    mkdirSync(db, { recursive: true });
    const kib = Buffer.alloc(8192, 1);
    for (const name of ['16384', '16384.1', '16384_fsm', '16384_vm', '16384_fsm.1', '163840', '16385', '16384x']) {
      writeFileSync(join(db, name), kib);
    }
    const matched = await apparentBytes(dir, ['base/5/16384'], { prefixMatch: true });
    assert.equal(matched, 5 * 8192);
    const exact = await apparentBytes(dir, ['base/5/16384']);
    assert.equal(exact, 8192);
    assert.ok((await allocatedBytes(dir, ['base/5/16384'], { prefixMatch: true })) >= 5 * 8192);
    assert.equal(await apparentBytes(dir, ['base/5/99999'], { prefixMatch: true }), 0, 'missing relation counts 0');
    assert.equal(await apparentBytes(dir, ['nope/1'], { prefixMatch: true }), 0, 'missing directory counts 0');
  }));

test('whole tree when no path is given; each inode once; no escaping the root', () =>
  withDir(async (dir) => {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'f1'), Buffer.alloc(1000));
    writeFileSync(join(dir, 'a', 'b', 'f2'), Buffer.alloc(3000));
    linkSync(join(dir, 'a', 'f1'), join(dir, 'a', 'b', 'hardlink'));
    const dirs = [dir, join(dir, 'a'), join(dir, 'a', 'b')].reduce((n, d) => n + statSync(d).size, 0);
    assert.equal(await apparentBytes(dir), 4000 + dirs);
    assert.equal(await apparentBytes(dir, ['a/f1', 'a/b/hardlink']), 1000, 'hard link counted once');
    assert.equal(await apparentBytes(dir, ['a/b']), 3000 + 1000 + statSync(join(dir, 'a', 'b')).size);
    await assert.rejects(apparentBytes(dir, ['../etc']), /outside/);
    await assert.rejects(apparentBytes(dir, ['/etc/passwd']), /relative/);
  }));

test('isRelationFileOf', () => {
  assert.ok(isRelationFileOf('16384', '16384'));
  assert.ok(isRelationFileOf('16384', '16384.12'));
  assert.ok(isRelationFileOf('16384', '16384_vm'));
  assert.ok(isRelationFileOf('16384', '16384_init'));
  assert.ok(!isRelationFileOf('16384', '163841'));
  assert.ok(!isRelationFileOf('16384', '16384.'));
  assert.ok(!isRelationFileOf('16384', '16384_'));
  assert.ok(!isRelationFileOf('16384', '1638'));
});
