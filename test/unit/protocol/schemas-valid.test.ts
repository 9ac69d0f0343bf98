/**
 * Every JSON Schema the harness validates with is a valid JSON Schema 2020-12 document and passes
 * ajv's strict mode. The harness's own ajv instances skip this check (validateSchema: false), since
 * compiling the meta-schema in every process cost each test worker about 0.1 s; it is made here once.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../harness/protocol/commands.ts';
import { commandSchema } from '../../../harness/protocol/schemas/commands.ts';
import { moSerializationSchema, package1Schema, package2Schema, package3Schema } from '../../../harness/protocol/schemas/packages.ts';
import { UT_METHODS } from '../../../harness/protocol/upper-tester.ts';
import { ICS_SCHEMA } from '../../../harness/conformance/ics.ts';
import { IXIT_SCHEMA } from '../../../harness/conformance/ixit.ts';
import { RESULTS_SCHEMA } from '../../../harness/report/results-schema.ts';

const schemas: Array<[string, object]> = [
  ['Package#1', package1Schema],
  ['Package#2', package2Schema],
  ['Package#3', package3Schema],
  ['MO serialization', moSerializationSchema],
  ...COMMAND_NAMES.map((name): [string, object] => [`command ${name}`, commandSchema(name)]),
  ...Object.entries(UT_METHODS).flatMap(
    ([method, spec]): Array<[string, object]> => [
      [`${method} params`, spec.params],
      [`${method} result`, spec.result],
    ],
  ),
  ['ICS', ICS_SCHEMA],
  ['IXIT', IXIT_SCHEMA],
  ['results.json', RESULTS_SCHEMA],
];

describe('the harness’s JSON Schemas', () => {
  it.each(schemas)('%s is valid against the 2020-12 meta-schema', (_name, schema) => {
    const ajv = new Ajv2020({ strict: false, validateSchema: true });
    const valid = ajv.validateSchema(schema);
    expect(ajv.errors ?? [], JSON.stringify(ajv.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects a schema the meta-schema does not allow (the check can fail)', () => {
    const ajv = new Ajv2020({ strict: false });
    expect(ajv.validateSchema({ type: 'strin' })).toBe(false);
    expect(ajv.validateSchema({ required: 'name' })).toBe(false);
  });
});
