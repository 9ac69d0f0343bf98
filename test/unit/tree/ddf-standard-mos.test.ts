/**
 * The DDF vectors against the definitions the harness uses. FUMO and SCOMO have one source of truth:
 * their DDFs, embedded byte for byte (harness/tree/ddf/fumo-ddf.ts, scomo-ddf.ts) and read by
 * fumo-mo.ts / scomo-mo.ts, so the two agree in every node. DevInfo and DMAcc are built in code for
 * DM 2.0 (standard-mos.ts) and their vectors are the DM 1.x DDFs: each difference left is listed here,
 * with why (DM 2.0 vs DM 1.x, or ours), so a new one (either side changed) fails until it is looked at.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUMO_MOID } from '../../../harness/protocol/fumo.ts';
import { SCOMO_MOID } from '../../../harness/protocol/scomo.ts';
import { compareDefinitions } from '../../../harness/tree/ddf/ddf-compare.ts';
import { readDdfFile } from '../../../harness/tree/ddf/ddf-file.ts';
import { nodePaths } from '../../../harness/tree/ddf/ddf-paths.ts';
import { FUMO_DDF } from '../../../harness/tree/ddf/fumo-ddf.ts';
import { SCOMO_DDF } from '../../../harness/tree/ddf/scomo-ddf.ts';
import { FUMO_DATA, FUMO_MO } from '../../../harness/tree/fumo-mo.ts';
import { DeviceTree } from '../../../harness/tree/device-tree.ts';
import { SCOMO_EMPTY_DATA, SCOMO_MO } from '../../../harness/tree/scomo-mo.ts';
import { DEVINFO_MO, DMACC_MO } from '../../../harness/tree/standard-mos.ts';

const DIR = join(import.meta.dirname, '../../../vectors/ddf');
const vector = (name: string) => readDdfFile(join(DIR, `${name}.ddf`)).definition;
const text = (name: string) => readFileSync(join(DIR, `${name}.ddf`), 'utf8');
const NO_DIFFERENCE = { onlyInFirst: [], onlyInSecond: [], formats: [], properties: [] };

describe('FUMO and SCOMO: the reference definitions are their DDF vectors', () => {
  it('the embedded DDFs are vectors/ddf/fumo.ddf and scomo.ddf byte for byte (the image holds harness/ only)', () => {
    expect(FUMO_DDF).toBe(text('fumo'));
    expect(SCOMO_DDF).toBe(text('scomo'));
  });

  it('FUMO: the definition is the DDF read, device-made, under the FUMO MOID; no node differs', () => {
    const ddf = vector('fumo');
    expect(FUMO_MO.moid).toBe(FUMO_MOID);
    expect(FUMO_MO.deviceMade).toBe(true);
    expect(FUMO_MO.root).toEqual(ddf.root);
    expect(compareDefinitions(ddf, FUMO_MO)).toEqual(NO_DIFFERENCE);
  });

  it('FUMO as publicly described: Update/PkgData a mandatory write-only bin leaf; the three operations executable interior nodes', () => {
    const nodes = nodePaths(FUMO_MO);
    expect(nodes.get('Update/PkgData')).toMatchObject({ format: 'bin', occurrence: 'One', access: ['Replace'] });
    for (const op of ['Download', 'Update', 'DownloadAndUpdate']) {
      expect(nodes.get(op)).toMatchObject({ format: 'node', occurrence: 'ZeroOrOne', access: ['Exec', 'Get'] });
    }
    expect(nodes.get('State')).toMatchObject({ format: 'int', occurrence: 'One', access: ['Get'] });
    // The factory instance holds the mandatory PkgData (empty bytes), in the format the DDF gives.
    expect(FUMO_DATA.Update.PkgData).toBeInstanceOf(Uint8Array);
  });

  it('the factory data of both fit their DDFs: FUMO keeps PkgData as bytes and never renders it; a Download entry without Status or Operations is taken', () => {
    const tree = new DeviceTree([FUMO_MO, SCOMO_MO]);
    expect(tree.deviceWrite(FUMO_MOID, '1', [], FUMO_DATA).ok).toBe(true);
    expect(tree.deviceWrite(FUMO_MOID, '2', [], { ...FUMO_DATA, Update: {} }).ok).toBe(false);
    expect(tree.readable(FUMO_MOID, ['Update', 'PkgData'])).toBe(false);
    const update = tree.entry({ moid: FUMO_MOID, miid: '1', path: ['Update'] })?.MOData;
    expect(update).toEqual({});
    expect(tree.deviceWrite(SCOMO_MOID, '1', [], SCOMO_EMPTY_DATA).ok).toBe(true);
    expect(tree.deviceWrite(SCOMO_MOID, '1', ['Download', 'p1'], { PkgID: 'p1', PkgURL: 'https://127.0.0.1/p1' }).ok).toBe(true);
    expect(tree.deviceWrite(SCOMO_MOID, '1', ['Download', 'p2'], { PkgID: 'p2' }).ok).toBe(false);
  });

  it('SCOMO: the definition is the DDF read, device-made, under the SCOMO MOID; no node differs', () => {
    const ddf = vector('scomo');
    expect(SCOMO_MO.moid).toBe(SCOMO_MOID);
    expect(SCOMO_MO.deviceMade).toBe(true);
    expect(SCOMO_MO.root).toEqual(ddf.root);
    expect(compareDefinitions(ddf, SCOMO_MO)).toEqual(NO_DIFFERENCE);
  });

  it('SCOMO: the nine operation primitives are executable null leaves; Delivered Data is write-only bin; a Download entry may lack Status and Operations (ours)', () => {
    const nodes = nodePaths(SCOMO_MO);
    const ops = [...nodes].filter(([path]) => /\/Operations\/(?!Ext$)[^/]+$/.test(path));
    expect(ops.map(([path]) => path.replace(/^.*\/<x>\//, ''))).toEqual([
      'Operations/Download',
      'Operations/DownloadInstall',
      'Operations/DownloadInstallInactive',
      'Operations/Install',
      'Operations/InstallInactive',
      'Operations/Remove',
      'Operations/Activate',
      'Operations/Deactivate',
      'Operations/Remove',
    ]);
    for (const [, def] of ops) expect(def).toMatchObject({ format: 'null', access: ['Exec', 'Get'] });
    expect(nodes.get('Inventory/Delivered/<x>/Data')).toMatchObject({ format: 'bin', occurrence: 'ZeroOrOne', access: ['Replace'] });
    expect(nodes.get('Download/<x>/Status')).toMatchObject({ format: 'int', occurrence: 'ZeroOrOne', access: ['Get'] });
    expect(nodes.get('Download/<x>/Operations')).toMatchObject({ format: 'node', occurrence: 'ZeroOrOne', access: ['Get'] });
    for (const p of ['Download/<x>/Description', 'Download/<x>/PkgType', 'Inventory/Delivered/<x>/PkgType', 'Inventory/Deployed/<x>/Description']) {
      expect(nodes.get(p)).toMatchObject({ format: 'chr', occurrence: 'ZeroOrOne' });
    }
  });
});

describe('DevInfo and DMAcc: the DM 1.x DDF vectors against the built-in DM 2.0 definitions', () => {
  it('DevInfo: same MOID, same nodes; Bearer is an interior node in DM 1.x, a chr leaf in the DM 2.0 definition (ours); Ext read-only in DM 1.x, the shared writable Ext built in (ours)', () => {
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
});
