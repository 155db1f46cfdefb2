import { readFileSync } from 'node:fs';
import { renderCharts } from './charts.js';
const r = JSON.parse(readFileSync('fixtures/results-seed-matrix.json', 'utf8'));
const t = Date.now();
const files = await renderCharts(r, '/tmp/g/charts');
console.log(files.length, Date.now() - t);
