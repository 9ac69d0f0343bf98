/** P-MAP fixed vectors (vectors/mappings/examples/): DM -> LwM2M (SenML-JSON) and DM -> TR-181 give exactly the expected output, and come back. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type DmTreeData, jsonForm, withoutNodes } from '../../../harness/tree/mapping/dm-data.ts';
import { fromLwm2m } from '../../../harness/tree/mapping/from-lwm2m.ts';
import { fromTr181 } from '../../../harness/tree/mapping/from-tr181.ts';
import { lwm2mTable, lwm2mTypeOf, tr181Table } from '../../../harness/tree/mapping/mapping-table.ts';
import { decodeSenmlJson, encodeSenmlJson } from '../../../harness/tree/mapping/senml.ts';
import { toLwm2m } from '../../../harness/tree/mapping/to-lwm2m.ts';
import { toTr181 } from '../../../harness/tree/mapping/to-tr181.ts';

const DIR = new URL('../../../vectors/mappings/examples/', import.meta.url);

interface Vector {
  description: string;
  kind: 'lwm2m-mapping' | 'tr181-mapping';
  table: string;
  input: DmTreeData;
  expect: { senmlJson?: unknown[]; params?: Record<string, string>; bindings: unknown[]; unmapped: Array<{ uri: string; kind: string }> };
}

const vectors: Array<[string, Vector]> = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Vector]);

describe('P-MAP vectors', () => {
  it('there are vectors of both kinds', () => {
    expect(new Set(vectors.map(([, v]) => v.kind))).toEqual(new Set(['lwm2m-mapping', 'tr181-mapping']));
  });

  for (const [file, v] of vectors) {
    it(`${file}: ${v.description.slice(0, 80)}...`, () => {
      const unmappedUris = new Set(v.expect.unmapped.map((u) => u.uri));
      const expectedBack = withoutNodes(v.input, unmappedUris);
      if (v.kind === 'lwm2m-mapping') {
        expect(v.table).toBe(lwm2mTable().version);
        const view = toLwm2m(v.input);
        expect(JSON.parse(encodeSenmlJson(view.instances))).toEqual(v.expect.senmlJson);
        expect(view.bindings).toEqual(v.expect.bindings);
        expect(view.unmapped.map(({ uri, kind }) => ({ uri, kind }))).toEqual(v.expect.unmapped);
        for (const u of view.unmapped) expect(u.reason.length, `${u.uri} has a reason`).toBeGreaterThan(10);
        // From the vector's own SenML text back to DM.
        const decoded = decodeSenmlJson(JSON.stringify(v.expect.senmlJson), lwm2mTypeOf(lwm2mTable()));
        if (!decoded.ok) throw new Error(decoded.error.message);
        const back = fromLwm2m(decoded.value, view.bindings);
        expect(back.unmapped).toEqual([]);
        expect(jsonForm(back.data)).toStrictEqual(expectedBack);
      } else {
        expect(v.table).toBe(tr181Table().version);
        const view = toTr181(v.input);
        expect(view.params).toEqual(v.expect.params);
        expect(view.bindings).toEqual(v.expect.bindings);
        expect(view.unmapped.map(({ uri, kind }) => ({ uri, kind }))).toEqual(v.expect.unmapped);
        const back = fromTr181(v.expect.params ?? {}, view.bindings);
        expect(back.unmapped).toEqual([]);
        expect(jsonForm(back.data)).toStrictEqual(expectedBack);
      }
    });
  }
});
