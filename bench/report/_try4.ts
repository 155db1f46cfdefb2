import { readFileSync } from 'node:fs';
import { writeReports } from './index.js';
const r = JSON.parse(readFileSync('fixtures/results-seed-matrix.json', 'utf8'));
const out = await writeReports(r, '/tmp/g/out');
console.log(out.files);
