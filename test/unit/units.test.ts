import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseCount, parseDuration, parseFraction, parseNumber, parseRate, parseSize } from '../../bench/scenario/units.js';
import { UnitError } from '../../bench/core/errors.js';

describe('parseCount', () => {
  test('plain numbers, underscores and k/M/G suffixes', () => {
    assert.equal(parseCount(20000), 20000);
    assert.equal(parseCount('1_000_000'), 1_000_000);
    assert.equal(parseCount('10k'), 10_000);
    assert.equal(parseCount('10K'), 10_000);
    assert.equal(parseCount('1.5M'), 1_500_000);
    assert.equal(parseCount('2G'), 2e9);
    assert.equal(parseCount('200'), 200);
  });
  test('rejects fractions of a row, negatives and words with the expected form', () => {
    assert.throws(() => parseCount('1.2345k'), /not a whole number/);
    assert.throws(() => parseCount(-5), /must not be negative/);
    assert.throws(
      () => parseCount('ten'),
      (e: unknown) => e instanceof UnitError && /expected a count like 20000, 1_000_000, 10k, 1.5M; found 'ten'/.test(e.message),
    );
    assert.throws(() => parseCount('10 k'), /found '10 k'/);
    assert.throws(() => parseCount(true), /found true/);
  });
});

describe('parseNumber', () => {
  test('underscores, suffixes, negatives and decimals', () => {
    assert.equal(parseNumber('400_000_000'), 400_000_000);
    assert.equal(parseNumber('1.5M'), 1_500_000);
    assert.equal(parseNumber('-2.5'), -2.5);
    assert.equal(parseNumber(0.25), 0.25);
    assert.throws(() => parseNumber('4e'), /expected a number like/);
  });
});

describe('parseRate', () => {
  test('per second, per minute, per hour; plain numbers are per second', () => {
    assert.equal(parseRate('10k/s'), 10_000);
    assert.equal(parseRate('500/s'), 500);
    assert.equal(parseRate('1M/s'), 1_000_000);
    assert.equal(parseRate('1_000/sec'), 1000);
    assert.equal(parseRate('600/min'), 10);
    assert.equal(parseRate('7200/h'), 2);
    assert.equal(parseRate(2500), 2500);
  });
  test('bad rates', () => {
    assert.throws(() => parseRate('10k'), /expected a rate like 10k\/s, 500\/s, 1M\/s; found '10k'/);
    assert.throws(() => parseRate('10k/sec/s'), /found '10k\/sec\/s'/);
    assert.throws(() => parseRate('0/s'), /must be above zero/);
    assert.throws(() => parseRate('5/d'), /expected a rate/);
  });
});

describe('parseDuration', () => {
  test('every unit, to milliseconds', () => {
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('7d'), 604_800_000);
    assert.equal(parseDuration('1w'), 604_800_000);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration(1234), 1234);
  });
  test('the message names the expected form and what was found', () => {
    assert.throws(() => parseDuration('7 dayz'), { name: 'UnitError', message: "expected a duration like 30s, 5m, 7d; found '7 dayz'" });
    assert.throws(() => parseDuration('7'), /found '7'/);
    assert.throws(() => parseDuration('1y'), /found '1y'/);
    assert.throws(() => parseDuration(-1), /must not be negative/);
    assert.throws(() => parseDuration(['1s']), /found a list/);
  });
  test('formatDuration is the inverse for whole units', () => {
    assert.equal(formatDuration(604_800_000), '1w');
    assert.equal(formatDuration(5_400_000), '1h30m');
    assert.equal(formatDuration(250), '250ms');
    assert.equal(formatDuration(0), '0s');
    for (const text of ['30s', '5m', '2h', '6d', '1h30m5s']) assert.equal(formatDuration(parseDuration(text)), text);
  });
});

describe('parseSize', () => {
  test('decimal and binary units', () => {
    assert.equal(parseSize('128MB'), 128_000_000);
    assert.equal(parseSize('1GiB'), 1_073_741_824);
    assert.equal(parseSize('512kB'), 512_000);
    assert.equal(parseSize('512KiB'), 524_288);
    assert.equal(parseSize('100B'), 100);
    assert.equal(parseSize(4096), 4096);
  });
  test('bad sizes', () => {
    assert.throws(() => parseSize('128 megabytes'), /expected a size like 512kB, 128MB, 1GiB; found '128 megabytes'/);
    assert.throws(() => parseSize('12mb'), /found '12mb'/);
  });
});

describe('parseFraction', () => {
  test('numbers 0..1 and percentages', () => {
    assert.equal(parseFraction(0.05), 0.05);
    assert.equal(parseFraction('5%'), 0.05);
    assert.equal(parseFraction('100%'), 1);
  });
  test('out of range', () => {
    assert.throws(() => parseFraction(1.5), /at most 1/);
    assert.throws(() => parseFraction('150%'), /at most 1/);
    assert.throws(() => parseFraction('0.05'), /expected a fraction like 0.05 or 5%; found '0.05'/);
  });
});
