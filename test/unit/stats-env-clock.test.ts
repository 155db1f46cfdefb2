import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epochMsOf, nowMs, sleepUntil } from '../../bench/measure/clock.js';
import { environmentFingerprint, prettyNameFromOsRelease } from '../../bench/measure/env.js';

test('environment fingerprint has every field filled', () => {
  const env = environmentFingerprint();
  assert.ok(env.cpuModel.length > 0);
  assert.ok(Number.isInteger(env.cores) && env.cores >= 1);
  assert.ok(env.memoryBytes > 64 * 1024 * 1024);
  assert.ok(env.os.length > 0);
  assert.match(env.kernel, /\d/);
  assert.equal(env.node, process.version);
  assert.ok(env.hostname.length > 0);
});

test('PRETTY_NAME from os-release text', () => {
  const text = 'NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
  assert.equal(prettyNameFromOsRelease(text), 'Debian GNU/Linux 12 (bookworm)');
  assert.equal(prettyNameFromOsRelease('PRETTY_NAME=Alpine\n'), 'Alpine');
  assert.equal(prettyNameFromOsRelease('ID=x\n'), null);
});

test('nowMs is monotonic and maps to wall-clock time', () => {
  const a = nowMs();
  const b = nowMs();
  assert.ok(b >= a);
  assert.ok(Math.abs(epochMsOf(nowMs()) - Date.now()) < 1000);
});

test('sleepUntil never wakes before the target', async () => {
  for (const ahead of [0.3, 3, 25]) {
    const target = nowMs() + ahead;
    await sleepUntil(target);
    assert.ok(nowMs() >= target);
  }
  const past = nowMs() - 10;
  await sleepUntil(past); // resolves at once
});

test('sleepUntil rejects when aborted (before and during the wait)', async () => {
  const early = new AbortController();
  early.abort();
  await assert.rejects(sleepUntil(nowMs() + 60_000, early.signal), { name: 'AbortError' });
  const during = new AbortController();
  const pending = sleepUntil(nowMs() + 60_000, during.signal);
  setTimeout(() => during.abort(), 5);
  await assert.rejects(pending, { name: 'AbortError' });
});
