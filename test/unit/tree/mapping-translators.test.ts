/** P-MAP translators on hand-made cases: instance IDs and bindings, single-instance objects, enumerations, Opaque text, SenML forms and their faults. */
import { describe, expect, it } from 'vitest';
import { fromLwm2m } from '../../../harness/tree/mapping/from-lwm2m.ts';
import { fromTr181 } from '../../../harness/tree/mapping/from-tr181.ts';
import { assignInstanceIds } from '../../../harness/tree/mapping/instance-ids.ts';
import { lwm2mTable, lwm2mTypeOf } from '../../../harness/tree/mapping/mapping-table.ts';
import { decodeSenmlCbor, decodeSenmlJson, encodeSenmlCbor, encodeSenmlJson } from '../../../harness/tree/mapping/senml.ts';
import { toLwm2m } from '../../../harness/tree/mapping/to-lwm2m.ts';
import { toTr181 } from '../../../harness/tree/mapping/to-tr181.ts';
import { paramsOfUspGetResp, uspGetResp } from '../../../harness/tree/mapping/usp-json.ts';

const DEVINFO = 'urn:oma:mo:oma-dm-devinfo:1.0';
const DMACC = 'urn:oma:mo:oma-dm-dmacc:1.0';
const CONNMO = 'urn:oma:mo:oma-dm-connmo:1.0';

describe('instance numbers', () => {
  it('keeps a decimal MIID in range and gives the others the lowest free number, in order', () => {
    expect(Object.fromEntries(assignInstanceIds(['b', '2', 'a', '0'], 0, 10))).toEqual({ b: 1, '2': 2, a: 3, '0': 0 });
    // "0" is below the range and "01" not plain decimal: both take free numbers; then the range is full.
    expect(Object.fromEntries(assignInstanceIds(['0', '01', 'x'], 1, 2))).toEqual({ '0': 1, '01': 2, x: undefined });
  });
});

describe('DM -> LwM2M', () => {
  it('maps one DevInfo instance to /3/0 and lists a second one, whose object is single-instance', () => {
    const view = toLwm2m({ [DEVINFO]: { a: { Man: 'A' }, b: { Man: 'B' } } });
    expect(view.instances).toEqual([{ object: 3, instance: 0, resources: [{ id: 0, type: 'String', value: 'A' }] }]);
    expect(view.unmapped).toEqual([{ uri: `${DEVINFO}/b/Man`, kind: 'instance', reason: expect.stringContaining('single-instance') }]);
  });

  it('gives each DMAcc account a Security and a Server instance linked by the Short Server ID (instance ID + 1), and a DMAcc 1.2 MOID the same', () => {
    const view = toLwm2m({ 'urn:oma:mo:oma-dm-dmacc:1.2': { '4': { SrvURI: 'https://s.example' } } });
    expect(view.instances).toEqual([
      {
        object: 0,
        instance: 4,
        resources: [
          { id: 0, type: 'String', value: 'https://s.example' },
          { id: 10, type: 'Integer', value: 5 },
        ],
      },
      { object: 1, instance: 4, resources: [{ id: 0, type: 'Integer', value: 5 }] },
    ]);
    expect(fromLwm2m(view.instances, view.bindings).data).toEqual({ [DMACC]: { '4': { SrvURI: 'https://s.example' } } });
  });

  it('maps an enumerated node through its table both ways and lists a value outside it', () => {
    const view = toLwm2m({ [CONNMO]: { '1': { Auth: 'CHAP' }, '2': { Auth: 'EAP' } } });
    expect(view.instances[0]!.resources).toEqual([{ id: 4, type: 'Integer', value: 1 }]);
    expect(view.unmapped.map((u) => [u.uri, u.kind])).toEqual([[`${CONNMO}/2/Auth`, 'value']]);
    const back = fromLwm2m([{ object: 11, instance: 1, resources: [{ id: 4, type: 'Integer', value: 9 }] }]);
    expect(back.unmapped.map((u) => u.uri)).toEqual(['/11/1/4']);
  });

  it('lists what the way back cannot take: an unknown object, a resource of another type, a wrong Short Server ID', () => {
    const back = fromLwm2m([
      { object: 6, instance: 0, resources: [{ id: 0, type: 'Float', value: 1.5 }] },
      { object: 3, instance: 0, resources: [{ id: 0, type: 'Integer', value: 1 }] },
      { object: 1, instance: 2, resources: [{ id: 0, type: 'Integer', value: 1 }] },
    ]);
    expect(back.data).toEqual({});
    expect(back.unmapped.map((u) => [u.uri, u.kind])).toEqual([
      ['/6/0', 'table'],
      ['/3/0/0', 'value'],
      ['/1/2/0', 'value'],
    ]);
  });

  it('refuses to carry text with a lone surrogate as Opaque (it has no UTF-8 form to come back from)', () => {
    const view = toLwm2m({ [DMACC]: { '1': { SrvURI: 'u', Auth: { Client: { Name: 'a\uD800' } } } } });
    expect(view.unmapped.map((u) => [u.uri, u.kind])).toEqual([[`${DMACC}/1/Auth/Client/Name`, 'value']]);
  });
});

describe('SenML', () => {
  const instances = [
    {
      object: 5,
      instance: 0,
      resources: [
        { id: 0, type: 'Opaque' as const, value: new Uint8Array([0, 1, 254, 255]) },
        { id: 6, type: 'String' as const, value: 'fw' },
      ],
    },
  ];

  it('writes Opaque as base64url without padding in JSON and as a byte string in CBOR, with the RFC 8428 labels', () => {
    expect(JSON.parse(encodeSenmlJson(instances))).toEqual([
      { bn: '/5/0/', n: '0', vd: 'AAH-_w' },
      { n: '6', vs: 'fw' },
    ]);
    const cbor = Buffer.from(encodeSenmlCbor(instances)).toString('hex');
    // [{-2: "/5/0/", 0: "0", 8: h'0001feff'}, {0: "6", 3: "fw"}]
    expect(cbor).toBe('82 a3 21 65 2f352f302f 00 61 30 08 44 0001feff a2 00 61 36 03 62 6677'.replace(/ /g, ''));
    expect(decodeSenmlCbor(encodeSenmlCbor(instances), lwm2mTypeOf(lwm2mTable()))).toEqual({ ok: true, value: instances });
  });

  it('refuses a record that names no resource path, a value of the wrong kind, a resource twice', () => {
    const typeOf = lwm2mTypeOf(lwm2mTable());
    expect(decodeSenmlJson('[{"n":"x","v":1}]', typeOf)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('not an LwM2M resource path') },
    });
    expect(decodeSenmlJson('[{"bn":"/3/0/","n":"0","v":1}]', typeOf)).toMatchObject({ ok: false, error: { message: expect.stringContaining('not a String') } });
    expect(decodeSenmlJson('[{"bn":"/3/0/","n":"0","vs":"a"},{"n":"0","vs":"b"}]', typeOf)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('twice') },
    });
    expect(decodeSenmlJson('{', typeOf).ok).toBe(false);
  });
});

describe('DM <-> TR-181', () => {
  it('puts the first account on Device.ManagementServer and every account on its own Controller, and lists a second SrvURI', () => {
    const view = toTr181({ [DMACC]: { a: { SrvID: 'one', SrvURI: 'https://1' }, b: { SrvID: 'two', SrvURI: 'https://2' } } });
    expect(view.params).toEqual({
      'Device.LocalAgent.Controller.1.EndpointID': 'one',
      'Device.ManagementServer.URL': 'https://1',
      'Device.LocalAgent.Controller.2.EndpointID': 'two',
    });
    expect(view.unmapped.map((u) => [u.uri, u.kind])).toEqual([[`${DMACC}/b/SrvURI`, 'instance']]);
    expect(fromTr181(view.params, view.bindings).data).toEqual({ [DMACC]: { a: { SrvID: 'one', SrvURI: 'https://1' }, b: { SrvID: 'two' } } });
  });

  it('writes int and bool as USP text and reads 1/0 as booleans; a negative port is listed, not sent', () => {
    const view = toTr181({ [CONNMO]: { '3': { Port: 8080, Enabled: false }, '4': { Port: -1 } } });
    expect(view.params).toEqual({ 'Device.Cellular.AccessPoint.3.ProxyPort': '8080', 'Device.Cellular.AccessPoint.3.Enable': 'false' });
    expect(view.unmapped.map((u) => u.uri)).toEqual([`${CONNMO}/4/Port`]);
    const back = fromTr181({ 'Device.Cellular.AccessPoint.2.Enable': '1', 'Device.Cellular.AccessPoint.2.ProxyPort': 'x', 'Device.Foo.Bar': 'y' });
    expect(back.data).toEqual({ [CONNMO]: { '2': { Enabled: true } } });
    expect(back.unmapped.map((u) => u.uri)).toEqual(['Device.Cellular.AccessPoint.2.ProxyPort', 'Device.Foo.Bar']);
  });

  it('a USP GetResp groups parameters by object and reads back to the same parameters', () => {
    const params = { 'Device.DeviceInfo.Manufacturer': 'A', 'Device.DeviceInfo.ModelName': 'M', 'Device.Cellular.AccessPoint.1.APN': 'apn' };
    const resp = uspGetResp(params);
    expect(resp.reqPathResults[0]!.resolvedPathResults).toEqual([
      { resolvedPath: 'Device.DeviceInfo.', resultParams: { Manufacturer: 'A', ModelName: 'M' } },
      { resolvedPath: 'Device.Cellular.AccessPoint.1.', resultParams: { APN: 'apn' } },
    ]);
    expect(paramsOfUspGetResp(resp)).toEqual(params);
  });
});
