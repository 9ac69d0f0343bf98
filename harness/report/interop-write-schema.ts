/**
 * Writes docs/interop.schema.json from interop-schema.ts (the schema is code; the file is its copy
 * for other tools). test/unit/report/interop-schema.test.ts fails when the copy is stale.
 * Run: node bin/run-ts.mjs harness/report/interop-write-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INTEROP_SCHEMA } from './interop-schema.ts';

const file = fileURLToPath(new URL('../../docs/interop.schema.json', import.meta.url));
writeFileSync(file, `${JSON.stringify(INTEROP_SCHEMA, null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);
