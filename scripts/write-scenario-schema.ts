// Writes bench/scenario/scenario.schema.json: the scenario schema assembled from the common part
// and the phase modules (bench/phases/<kind>/), for editors (yaml-language-server).
//   node --import tsx scripts/write-scenario-schema.ts
// test/unit/scenario-schema.test.ts fails while the committed file is not current.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PHASE_KINDS } from '../bench/run/scenario.js';
import { SCHEMA_URL, scenarioSchemaText } from '../bench/scenario/schema.js';

writeFileSync(fileURLToPath(SCHEMA_URL), scenarioSchemaText(PHASE_KINDS));
process.stdout.write(`wrote ${fileURLToPath(SCHEMA_URL)}\n`);
