import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Results } from '../../bench/core/results.js';
import { readResults } from '../../bench/run/results-file.js';
import { inlineHtml, renderHtml } from '../../bench/report/html.js';
import { writeReports } from '../../bench/report/index.js';
import { renderSummary } from '../../bench/report/markdown.js';

const FIXTURE = new URL('../../fixtures/results-seed-matrix.json', import.meta.url);
// Read as `report` reads a file: the fixture stores no verdicts, so they are evaluated when it is loaded.
const load = (): Results => readResults(fileURLToPath(FIXTURE));

test('writeReports writes summary.md, report.html and charts, and leaves results.json alone', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'report-html-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const resultsJson = readFileSync(FIXTURE, 'utf8');
  writeFileSync(join(dir, 'results.json'), resultsJson);
  const results = readResults(join(dir, 'results.json'));
  const { files } = await writeReports(results, dir);
  assert.equal(readFileSync(join(dir, 'results.json'), 'utf8'), resultsJson);
  assert.ok(files.includes(join(dir, 'summary.md')) && files.includes(join(dir, 'report.html')));
  assert.ok(files.some((f) => f.startsWith(join(dir, 'charts')) && f.endsWith('.png')));
  assert.ok(files.every((f) => existsSync(f)));
  assert.equal(readFileSync(join(dir, 'summary.md'), 'utf8'), renderSummary(results));

  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  // Self-contained: no script, no remote or relative asset, every image a data: URI.
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /\b(src|href)="(?!data:)/i);
  assert.doesNotMatch(html, /url\(/i);
  const images = [...html.matchAll(/<img [^>]*src="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(images.length, files.filter((f) => f.endsWith('.png')).length);
  assert.ok(images.every((src) => src.startsWith('data:image/png;base64,')));
  // Same content as the Markdown: the verdict table and the seed table as HTML tables.
  assert.match(html, /<h2>Verdicts<\/h2>\n<table>/);
  assert.match(html, /<th>Expected PostgreSQL<\/th>/);
  assert.match(html, /<td><strong>range-query-7d<\/strong>: Range query \(7 days\)/);
  assert.match(html, /<td>~2000 ms<\/td>/);
});

test('charts are placed in their phase sections; charts with no place are still shown', () => {
  const results = load();
  const dir = mkdtempSync(join(tmpdir(), 'report-html-'));
  try {
    const png = join(dir, 'x.png');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a', 'hex'));
    const html = renderHtml(results, [
      { id: 'query-latency-query', title: 'Query chart', png },
      { id: 'something-new', title: 'New chart', png },
    ]);
    const queryChart = html.indexOf('id="chart-query-latency-query"');
    assert.ok(queryChart > html.indexOf('<h3>query (query)</h3>') && queryChart < html.indexOf('<h3>storage (storage)</h3>'));
    assert.ok(html.indexOf('id="chart-something-new"') > html.indexOf('<h2>More charts</h2>'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('inline text is escaped; only `code` and **bold** become markup', () => {
  assert.equal(inlineHtml('a <b> & **c** `<d>`'), 'a &lt;b&gt; &amp; <strong>c</strong> <code>&lt;d&gt;</code>');
});

test('an incomplete run shows an error banner at the top of the page', () => {
  const r = load();
  r.status = 'incomplete';
  r.statusReason = 'interrupted by SIGTERM';
  const html = renderHtml(r, []);
  const banner = html.indexOf('<div class="banner error"');
  assert.ok(banner > 0 && banner < html.indexOf('<h2>Verdicts</h2>'));
  assert.match(html, /INCOMPLETE — interrupted by SIGTERM/);
});
