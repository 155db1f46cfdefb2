/**
 * Opens report.html in a real Chromium (offline: every non-file request is aborted and
 * recorded) and checks that it needs nothing from the network, logs no error and shows
 * every chart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Results } from '../../bench/core/results.js';
import { writeReports } from '../../bench/report/index.js';
import { needs } from '../helpers/require.js';

const CHROMIUM = '/usr/bin/chromium';
const FIXTURE = new URL('../../fixtures/results-seed-matrix.json', import.meta.url);

test('report.html works offline in Chromium: no requests, no console errors, every image decoded', async (t) => {
  if (!needs(t, existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium)`)) return;
  const dir = mkdtempSync(join(tmpdir(), 'report-browser-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const results = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Results;
  const { charts } = await writeReports(results, dir);
  assert.ok(charts.length >= 5);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const blocked: string[] = [];
  const failed: string[] = [];
  const consoleErrors: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  page.on('requestfailed', (r) => failed.push(`${r.url().slice(0, 80)}: ${r.failure()?.errorText}`));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });

  assert.deepEqual(blocked, [], 'the report tried to reach the network');
  assert.deepEqual(failed, []);
  assert.deepEqual(consoleErrors, []);
  const images = await page.$$eval('img', (imgs) => imgs.map((i) => ({ alt: i.getAttribute('alt'), complete: i.complete, width: i.naturalWidth, height: i.naturalHeight })));
  assert.equal(images.length, charts.length);
  for (const img of images) {
    assert.ok(img.complete && img.width > 0 && img.height > 0, `image "${img.alt}" did not decode`);
  }
  assert.equal(await page.title(), `tsdb-bench report: ${results.scenario.name} (${results.runId})`);
  const verdictRows = await page.$$eval('h2 + table tbody tr', (rows) => rows.length);
  assert.ok(verdictRows >= results.scenario.claims.length);

  const shot = join(dir, 'report.png');
  await page.screenshot({ path: shot, fullPage: false });
  assert.ok(statSync(shot).size > 10_000);
  if (process.env.KEEP_REPORT_SCREENSHOT) {
    const { copyFileSync } = await import('node:fs');
    copyFileSync(shot, process.env.KEEP_REPORT_SCREENSHOT);
  }
});
