/** Container ownership labels: how `clean` tells a killed run's leftovers from a live run's containers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, OWNER_START_LABEL, ownerLabels, ownerState, parseStartTicks, processStartTicks } from '../../bench/runtimes/docker/owner.js';

test('labels name this host and process; this process counts as alive', () => {
  const labels = ownerLabels();
  assert.equal(labels[OWNER_HOST_LABEL], hostname());
  assert.equal(labels[OWNER_PID_LABEL], String(process.pid));
  if (process.platform === 'linux') assert.match(labels[OWNER_START_LABEL] ?? '', /^\d+$/);
  assert.deepEqual(ownerState(labels), { state: 'alive', pid: process.pid });
});

test('a process that exited counts as gone', () => {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(child.stdout);
  assert.ok(pid > 0);
  assert.deepEqual(ownerState({ [OWNER_HOST_LABEL]: hostname(), [OWNER_PID_LABEL]: String(pid) }), { state: 'gone' });
});

test('a recycled PID (same number, other start time) counts as gone', (t) => {
  if (processStartTicks(process.pid) === null) {
    t.skip('no /proc/<pid>/stat on this platform');
    return;
  }
  const labels = { ...ownerLabels(), [OWNER_START_LABEL]: '1' };
  assert.deepEqual(ownerState(labels), { state: 'gone' });
});

test('another host cannot be checked; containers without owner labels are leftovers', () => {
  const other = ownerState({ [OWNER_HOST_LABEL]: 'elsewhere', [OWNER_PID_LABEL]: '42' }, 'here');
  assert.equal(other.state, 'unknown');
  assert.match(other.state === 'unknown' ? other.why : '', /PID 42 on host elsewhere/);
  assert.deepEqual(ownerState({}), { state: 'gone' });
  assert.deepEqual(ownerState({ [OWNER_HOST_LABEL]: hostname(), [OWNER_PID_LABEL]: 'x' }), { state: 'gone' });
});

test('the start time is read after the command name, even one with spaces and parentheses', () => {
  const fields = Array.from({ length: 50 }, (_, i) => String(i + 3)); // fields 3..52
  fields[19] = '987654'; // field 22
  assert.equal(parseStartTicks(`1234 (node (my) app) ${fields.join(' ')}\n`), '987654');
  assert.equal(parseStartTicks('garbage'), null);
  assert.equal(parseStartTicks('1 (x) S 1 2'), null);
});
