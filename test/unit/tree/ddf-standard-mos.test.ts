/**
 * The DDF vectors against the definitions the harness builds in code: DevInfo and DMAcc
 * (standard-mos.ts), FUMO and SCOMO (fumo-mo.ts, scomo-mo.ts). Each difference in node names and
 * formats is listed here on purpose: a new one (either side changed) fails until it is looked at.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareDefinitions } from '../../../harness/tree/ddf/ddf-compare.ts';
import { readDdfFile } from '../../../harness/tree/ddf/ddf-file.ts';
import { FUMO_MO } from '../../../harness/tree/fumo-mo.ts';
import { SCOMO_MO } from '../../../harness/tree/scomo-mo.ts';
import { DEVINFO_MO, DMACC_MO } from '../../../harness/tree/standard-mos.ts';

const vector = (name: string) => readDdfFile(join(import.meta.dirname, '../../../vectors/ddf', `${name}.ddf`)).definition;

describe('DDF vectors against the built-in MO definitions', () => {
  it('DevInfo: same MOID, same nodes; only Bearer differs (an interior node in DM 1.x, a chr leaf built in) and Ext is not writable in the DDF', () => {
    const ddf = vector('devinfo');
    expect(ddf.moid).toBe(DEVINFO_MO.moid);
    expect(compareDefinitions(ddf, DEVINFO_MO)).toEqual({
      onlyInFirst: [],
      onlyInSecond: [],
      formats: ['Bearer: node ≠ chr'],
      properties: ['Ext: access Get ≠ Add,Delete,Get,Replace'],
    });
  });

  it('DMAcc 1.2: same MOID, but the DM 1.2 layout shares only Name and Ext with the DM 2.0 account (K-DDF lists SrvID SrvURI Name Perm Auth Push Ext)', () => {
    const ddf = vector('dmacc-1.2');
    expect(ddf.moid).toBe(DMACC_MO.moid);
    const diff = compareDefinitions(ddf, DMACC_MO);
    const both = ['.', 'Name', 'Ext'];
    expect(diff.formats).toEqual([]);
    expect(diff.onlyInFirst).toEqual(expect.arrayContaining(['AppID', 'ServerID', 'AppAddr', 'AppAuth/<x>/AAuthSecret']));
    expect(diff.onlyInSecond).toEqual(expect.arrayContaining(['SrvID', 'SrvURI', 'Perm', 'Auth/<x>/Secret', 'Push']));
    expect([...diff.onlyInFirst, ...diff.onlyInSecond].filter((p) => both.includes(p))).toEqual([]);
    expect(diff.onlyInFirst).toHaveLength(21);
    expect(diff.onlyInSecond).toHaveLength(19);
  });

  it('FUMO: same MOID and node names; PkgData is a bin leaf in the DDF, chr in fumo-mo.ts', () => {
    const ddf = vector('fumo');
    expect(ddf.moid).toBe(FUMO_MO.moid);
    const diff = compareDefinitions(ddf, FUMO_MO);
    expect({ onlyInFirst: diff.onlyInFirst, onlyInSecond: diff.onlyInSecond, formats: diff.formats }).toEqual({
      onlyInFirst: [],
      onlyInSecond: [],
      formats: ['Update/PkgData: bin ≠ chr'],
    });
  });

  it('SCOMO: same MOID; scomo-mo.ts lacks the optional Description, PkgType and Ext nodes, and makes the operations null leaves where the DDF has executable interior nodes', () => {
    const ddf = vector('scomo');
    expect(ddf.moid).toBe(SCOMO_MO.moid);
    const diff = compareDefinitions(ddf, SCOMO_MO);
    expect(diff.onlyInSecond).toEqual([]);
    expect(diff.onlyInFirst.every((p) => /\/(Description|PkgType|Ext)$/.test(p))).toBe(true);
    expect(diff.onlyInFirst).toHaveLength(11);
    const operations = /\/Operations\/(Download|DownloadInstall|DownloadInstallInactive|Install|InstallInactive|Remove|Activate|Deactivate): node ≠ null$/;
    expect(diff.formats.filter((f) => !operations.test(f))).toEqual(['Inventory/Delivered/<x>/Data: bin ≠ b64']);
    expect(diff.formats).toHaveLength(10);
  });
});
