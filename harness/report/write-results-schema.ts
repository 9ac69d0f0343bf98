/**
 * Writes docs/results.schema.json from results-schema.ts (the schema is code, so it cannot drift
 * from the writer; the file is its copy for other tools and languages). The test
 * test/report/results-schema-file.test.ts fails when the copy is stale.
 * Run: node bin/run-ts.mjs harness/report/write-results-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RESULTS_SCHEMA } from './results-schema.ts';

const file = fileURLToPath(new URL('../../docs/results.schema.json', import.meta.url));
writeFileSync(file, `${JSON.stringify(RESULTS_SCHEMA, null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);
