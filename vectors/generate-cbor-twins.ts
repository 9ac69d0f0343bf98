/**
 * Writes the CBOR twin of every valid body vector (vectors/packages, vectors/mo): a vector with both
 * `body` and `cbor` gets `cbor` = the deterministic CBOR encoding of `body` (P-CBOR).
 * Run once after adding or changing a vector:  node bin/run-ts.mjs vectors/generate-cbor-twins.ts
 * Hand-made CBOR inputs (a vector with `cbor` but no `body`) are data, never rewritten.
 * With --check it writes nothing and exits 1 when a twin is missing or differs.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBody } from '../harness/protocol/body-codec.ts';

const check = process.argv.includes('--check');
let stale = 0;
let written = 0;

for (const dir of ['packages', 'mo']) {
  const root = join(import.meta.dirname, dir);
  for (const file of readdirSync(root).filter((f) => f.endsWith('.json')).sort()) {
    const vector = JSON.parse(readFileSync(join(root, file), 'utf8')) as { body?: unknown; cbor?: string };
    if (vector.body === undefined || vector.cbor === undefined) continue;
    const target = join(root, vector.cbor);
    const bytes = encodeBody(vector.body, 'cbor');
    if (existsSync(target) && Buffer.compare(readFileSync(target), bytes) === 0) continue;
    stale += 1;
    if (check) {
      process.stderr.write(`${dir}/${vector.cbor} is missing or stale\n`);
      continue;
    }
    writeFileSync(target, bytes);
    written += 1;
  }
}

process.stdout.write(check ? `${stale} stale twin(s)\n` : `${written} twin(s) written\n`);
if (check && stale > 0) process.exitCode = 1;
