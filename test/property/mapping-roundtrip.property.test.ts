/**
 * P-MAP round trips over generated DM trees (harness/generators/mapping.ts): DM -> LwM2M -> DM and
 * DM -> TR-181 -> DM give back every mapped value with its type, in its instance; the unmapped list
 * names exactly what was left (each node once, nothing else); SenML-JSON and SenML-CBOR carry the
 * LwM2M instances unchanged; USP GetResp JSON carries the parameters unchanged. A translator that
 * drops a type (test/mutants/mutants-iop.ts) is shown to break the property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mappingTreeArb } from '../../harness/generators/mapping.ts';
import { type DmTreeData, jsonForm, leavesOf, nodeUri, withoutNodes } from '../../harness/tree/mapping/dm-data.ts';
import { fromLwm2m } from '../../harness/tree/mapping/from-lwm2m.ts';
import { fromTr181 } from '../../harness/tree/mapping/from-tr181.ts';
import type { Lwm2mView } from '../../harness/tree/mapping/lwm2m-model.ts';
import { lwm2mTable, lwm2mTypeOf } from '../../harness/tree/mapping/mapping-table.ts';
import { decodeSenmlCbor, decodeSenmlJson, encodeSenmlCbor, encodeSenmlJson } from '../../harness/tree/mapping/senml.ts';
import { toLwm2m } from '../../harness/tree/mapping/to-lwm2m.ts';
import { toTr181 } from '../../harness/tree/mapping/to-tr181.ts';
import { paramsOfUspGetResp, uspGetResp } from '../../harness/tree/mapping/usp-json.ts';
import { typeDroppingToLwm2m } from '../mutants/mutants-iop.ts';

const RUNS = 300;

function leafUris(data: DmTreeData): string[] {
  return Object.entries(data).flatMap(([moid, byMiid]) => Object.entries(byMiid).flatMap(([miid, d]) => leavesOf(d).map((l) => nodeUri(moid, miid, l.node))));
}

/** What a round trip must give back: the data without the nodes listed as unmapped. */
function expectRoundTrip(data: DmTreeData, unmapped: { uri: string }[], back: { data: DmTreeData; unmapped: unknown[] }): void {
  const uris = unmapped.map((u) => u.uri);
  const all = new Set(leafUris(data));
  expect(new Set(uris).size, 'each unmapped node is listed once').toBe(uris.length);
  expect(
    uris.filter((u) => !all.has(u)),
    'the unmapped list names only nodes of the data',
  ).toEqual([]);
  expect(back.unmapped, 'the way back leaves nothing out').toEqual([]);
  expect(jsonForm(back.data)).toStrictEqual(withoutNodes(data, new Set(uris)));
}

/** DM -> LwM2M -> DM with a given translator. */
function lwm2mRoundTrip(translate: (d: DmTreeData) => Lwm2mView) {
  return fc.property(mappingTreeArb(), (data) => {
    const view = translate(data);
    expectRoundTrip(data, view.unmapped, fromLwm2m(view.instances, view.bindings));
  });
}

describe('P-MAP round trips over generated trees', () => {
  it('DM -> LwM2M -> DM gives back every mapped value, type and instance; unmapped names exactly what was left', () => {
    fc.assert(lwm2mRoundTrip(toLwm2m), { numRuns: RUNS });
  });

  it('DM -> TR-181 -> DM gives back every mapped value, type and instance; unmapped names exactly what was left', () => {
    fc.assert(
      fc.property(mappingTreeArb(), (data) => {
        const view = toTr181(data);
        expectRoundTrip(data, view.unmapped, fromTr181(view.params, view.bindings));
      }),
      { numRuns: RUNS },
    );
  });

  it('SenML-JSON and SenML-CBOR carry the LwM2M instances unchanged (types from the table)', () => {
    const typeOf = lwm2mTypeOf(lwm2mTable());
    fc.assert(
      fc.property(mappingTreeArb(), (data) => {
        const { instances } = toLwm2m(data);
        const viaJson = decodeSenmlJson(encodeSenmlJson(instances), typeOf);
        const viaCbor = decodeSenmlCbor(encodeSenmlCbor(instances), typeOf);
        expect(viaJson).toStrictEqual({ ok: true, value: instances });
        expect(viaCbor).toStrictEqual({ ok: true, value: instances });
      }),
      { numRuns: RUNS },
    );
  });

  it('a USP GetResp JSON carries the TR-181 parameters unchanged', () => {
    fc.assert(
      fc.property(mappingTreeArb(), (data) => {
        const { params } = toTr181(data);
        expect(paramsOfUspGetResp(JSON.parse(JSON.stringify(uspGetResp(params))))).toStrictEqual(params);
      }),
      { numRuns: RUNS },
    );
  });

  it('the property catches a translator that drops a type (Boolean sent as String): mutant typeDroppingToLwm2m', () => {
    const result = fc.check(lwm2mRoundTrip(typeDroppingToLwm2m), { numRuns: RUNS });
    expect(result.failed, 'the round-trip property let a type-dropping translator through').toBe(true);
    expect(String(result.errorInstance)).toMatch(/Boolean|unmapped|leaves nothing out/);
  });
});
