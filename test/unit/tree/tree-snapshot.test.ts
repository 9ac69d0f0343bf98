/** The tree as a state file and back: content, formats, bytes, owners, validators and secrets survive. */
import { describe, expect, it } from 'vitest';
import { DeviceTree } from '../../../harness/tree/device-tree.ts';
import { serverPrincipal } from '../../../harness/tree/principal.ts';
import { MOID } from '../../../harness/tree/standard-mos.ts';
import { restoreTree, snapshotTree, type TreeSnapshot } from '../../../harness/tree/tree-snapshot.ts';
import { benchDevice, CONNMO, OPERATOR, read } from './support.ts';

const OP = serverPrincipal(OPERATOR);

function richDevice(): DeviceTree {
  const tree = benchDevice();
  const w = (r: { ok: boolean }) => expect(r.ok).toBe(true);
  w(tree.write(OP, CONNMO, 'mine', [], { Name: 'owned', Blob: new Uint8Array([0, 1, 254, 255]), Ratio: 0.25, Off: null }));
  w(tree.deviceWrite(MOID.DMACC, '1', ['Auth'], { srv: { Type: 'Basic', Secret: 'keep-me' } }));
  w(tree.write(OP, CONNMO, '2', ['MTU'], 1500));
  return tree;
}

function everything(tree: DeviceTree): unknown {
  return tree
    .allInstances()
    .map((i) => ({ uri: `${i.moid}/${i.miid}`, cv: tree.cv(i.moid, i.miid), entry: tree.entry({ moid: i.moid, miid: i.miid, path: [] }) }));
}

describe('tree snapshots', () => {
  it('round-trips through JSON text into a fresh tree', () => {
    const tree = richDevice();
    const snapshot = snapshotTree(tree);
    const copy = new DeviceTree();
    restoreTree(copy, JSON.parse(JSON.stringify(snapshot)) as TreeSnapshot);
    expect(snapshotTree(copy)).toEqual(snapshot);
    expect(everything(copy)).toEqual(everything(tree));
  });

  it('keeps formats: bytes stay bytes, a float stays a float, null stays null', () => {
    const copy = new DeviceTree();
    restoreTree(copy, JSON.parse(JSON.stringify(snapshotTree(richDevice()))) as TreeSnapshot);
    const leaf = (name: string) => {
      const node = copy.instance(CONNMO, 'mine')!.root.children.get(name);
      return node?.kind === 'leaf' ? [node.format, node.value] : undefined;
    };
    expect(leaf('Blob')).toEqual(['bin', new Uint8Array([0, 1, 254, 255])]);
    expect(leaf('Ratio')).toEqual(['float', 0.25]);
    expect(leaf('Off')).toEqual(['null', null]);
    expect(leaf('Name')).toEqual(['chr', 'owned']);
  });

  it('keeps owners (and so rights) and secrets, which stay unreadable', () => {
    const copy = new DeviceTree();
    restoreTree(copy, JSON.parse(JSON.stringify(snapshotTree(richDevice()))) as TreeSnapshot);
    expect(copy.instance(CONNMO, 'mine')?.owner).toEqual(OP);
    expect(copy.instance(CONNMO, '1')?.owner).toBeUndefined();
    const auth = copy.instance(MOID.DMACC, '1')!.root.children.get('Auth');
    expect(JSON.stringify(snapshotTree(copy))).toContain('keep-me');
    expect(auth?.kind).toBe('interior');
    expect(JSON.stringify(read(copy, OP, `${MOID.DMACC}/1`))).not.toContain('keep-me');
  });

  it('validators go on from where they were: the next change gives a new one', () => {
    const tree = richDevice();
    const copy = new DeviceTree();
    restoreTree(copy, snapshotTree(tree));
    const cv = copy.cv(CONNMO, '2');
    expect(cv).toBe(tree.cv(CONNMO, '2'));
    expect(copy.write(OP, CONNMO, '2', ['MTU'], 1400).ok).toBe(true);
    expect(copy.cv(CONNMO, '2')).not.toBe(cv);
  });

  it('replaces whatever the tree held, without change events', () => {
    const copy = new DeviceTree();
    copy.deviceWrite('urn:oma:mo:ex-gone:1.0', '1', [], { a: 1 });
    let events = 0;
    copy.onChange(() => events++);
    restoreTree(copy, snapshotTree(richDevice()));
    expect(copy.instance('urn:oma:mo:ex-gone:1.0', '1')).toBeUndefined();
    expect(events).toBe(0);
  });

  it('refuses a corrupt snapshot, naming the place, and leaves the tree as it was', () => {
    const tree = richDevice();
    const before = snapshotTree(tree);
    const bad = (mutate: (s: TreeSnapshot) => void): TreeSnapshot => {
      const s = JSON.parse(JSON.stringify(before)) as TreeSnapshot;
      mutate(s);
      return s;
    };
    const unknownFormat = bad((s) => {
      (s.instances[0]!.root.c as Record<string, unknown>).DevID = { f: 'colour', v: 'red' };
    });
    expect(() => restoreTree(tree, unknownFormat)).toThrow(/instances\[0\] \(urn:oma:mo:oma-dm-devinfo:1\.0\/1\)\/DevID: unknown format colour/);
    expect(() =>
      restoreTree(
        tree,
        bad((s) => ((s.instances[1] as { miid: unknown }).miid = 7)),
      ),
    ).toThrow(/instances\[1\].*moid and miid must be strings/);
    expect(() =>
      restoreTree(
        tree,
        bad((s) => ((s.instances[2]!.root.c as Record<string, unknown>).x = null)),
      ),
    ).toThrow(/\/x: not a node/);
    expect(snapshotTree(tree)).toEqual(before);
  });
});
