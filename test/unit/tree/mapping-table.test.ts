/** P-MAP tables: the shipped tables pass their schemas and name the public IDs; a table with a fault is refused with the place and the fix. */
import { describe, expect, it } from 'vitest';
import { checkLwm2mTable, checkTr181Table, knownUnmapped, lwm2mTable, MappingTableError, tr181Table } from '../../../harness/tree/mapping/mapping-table.ts';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('P-MAP mapping tables', () => {
  it('the shipped tables are versioned and name the LwM2M objects and TR-181 paths of the brief', () => {
    const l = lwm2mTable();
    expect(l.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(l.objects.map((o) => o.id)).toEqual([0, 1, 3, 4, 5, 11]);
    expect(l.objects.filter((o) => o.multiInstance).map((o) => o.id)).toEqual([0, 1, 11]);
    const resource = (node: string) => l.mos.flatMap((m) => m.resources).find((r) => r.node === node);
    expect(resource('Man')).toMatchObject({ object: 3, resource: 0, type: 'String' });
    expect(resource('SrvURI')).toMatchObject({ object: 0, resource: 0, type: 'String' });
    expect(resource('Update/PkgData')).toMatchObject({ object: 5, resource: 0, type: 'Opaque', format: 'bin' });
    const t = tr181Table();
    const paths = t.mos.flatMap((m) => m.parameters.map((p) => p.path));
    expect(paths).toEqual(
      expect.arrayContaining([
        'Device.DeviceInfo.Manufacturer',
        'Device.DeviceInfo.ModelName',
        'Device.ManagementServer.URL',
        'Device.DeviceInfo.FirmwareImage.{i}.Version',
      ]),
    );
  });

  it('refuses an LwM2M table with an unknown type, naming the place', () => {
    const bad = clone(lwm2mTable()) as unknown as { mos: Array<{ resources: Array<{ type: string }> }> };
    bad.mos[0]!.resources[0]!.type = 'Text';
    expect(() => checkLwm2mTable(bad)).toThrow(/\/mos\/0\/resources\/0\/type/);
  });

  it('refuses an LwM2M table without a version, or mapping one resource twice, or naming an undeclared object', () => {
    const noVersion = clone(lwm2mTable()) as unknown as Record<string, unknown>;
    delete noVersion.version;
    expect(() => checkLwm2mTable(noVersion)).toThrow(MappingTableError);
    const twice = clone(lwm2mTable());
    twice.mos[0]!.resources.push({ ...twice.mos[0]!.resources[0]!, node: 'Other' });
    expect(() => checkLwm2mTable(twice)).toThrow(/mapped twice/);
    const undeclared = clone(lwm2mTable());
    undeclared.mos[0]!.resources[0]!.object = 9;
    expect(() => checkLwm2mTable(undeclared)).toThrow(/object 9/);
  });

  it('refuses a TR-181 table with a path that is not Device.-rooted, or one path twice', () => {
    const bad = clone(tr181Table());
    bad.mos[0]!.parameters[0]!.path = 'InternetGatewayDevice.DeviceInfo.Manufacturer';
    expect(() => checkTr181Table(bad)).toThrow(/path/);
    const twice = clone(tr181Table());
    twice.mos[0]!.parameters.push({ ...twice.mos[0]!.parameters[0]!, node: 'Other' });
    expect(() => checkTr181Table(twice)).toThrow(/mapped twice/);
  });

  it('matches a known-unmapped rule with * standing for one name, not for a deeper path', () => {
    const rules = [{ node: 'Auth/*/Secret', reason: 'never readable' }];
    expect(knownUnmapped(rules, 'Auth/Client/Secret')).toBe('never readable');
    expect(knownUnmapped(rules, 'Auth/Client/Name')).toBeUndefined();
    expect(knownUnmapped([{ node: 'Perm', reason: 'p' }], 'Perm/1/MOID')).toBe('p');
  });
});
