import { describe, expect, it } from 'vitest';
import { DeviceTree } from '../../../harness/tree/device-tree.ts';
import { serverPrincipal, DEVICE } from '../../../harness/tree/principal.ts';
import { MOID } from '../../../harness/tree/standard-mos.ts';

const CONN = 'urn:oma:mo:oma-dm-connmo:1.0';
const A = serverPrincipal('A');
const B = serverPrincipal('B');
const C = serverPrincipal('C');
const D = serverPrincipal('D');

/** A device where A created ConnMO/1 (A owns it: RWED); B, C, D have DMAcc accounts without Perm on ConnMO. */
function device(): DeviceTree {
  const tree = new DeviceTree();
  for (const [i, id] of ['A', 'B', 'C', 'D'].entries()) {
    tree.deviceWrite(MOID.DMACC, String(i + 1), [], {
      SrvID: id,
      SrvURI: `https://${id}.example/dm`,
      Perm: { '1': { MOID: CONN, Rights: id === 'A' ? 'RWE' : '' } },
    });
  }
  const made = tree.write(A, CONN, '1', [], { Name: 'p1', APN: 'apn.a' });
  if (!made.ok) throw new Error(made.error.message);
  return tree;
}

function grant(tree: DeviceTree, by: typeof A, g: Record<string, unknown>) {
  return tree.create(by, MOID.DELEGATION, { Target: `${CONN}/1`, ...g });
}

const can = (tree: DeviceTree, who: typeof A, right: 'R' | 'W' | 'E' | 'D') => tree.has(who, tree.instance(CONN, '1')!, right);

describe('delegation between management authorities (P-DELEG)', () => {
  it('shared: the grantee gets the granted rights and the grantor keeps its own', () => {
    const tree = device();
    expect(can(tree, B, 'R')).toBe(false);
    const g = grant(tree, A, { Grantee: 'B', Rights: 'RW', Kind: 'shared' });
    expect(g.ok).toBe(true);
    expect(can(tree, B, 'R') && can(tree, B, 'W')).toBe(true);
    expect(can(tree, B, 'D')).toBe(false);
    expect(can(tree, A, 'R') && can(tree, A, 'D')).toBe(true);
  });

  it('full: the grantor loses every right, also to read what the grantee writes later', () => {
    const tree = device();
    expect(grant(tree, A, { Grantee: 'B', Rights: 'RWED', Kind: 'full' }).ok).toBe(true);
    expect(['R', 'W', 'E', 'D'].some((r) => can(tree, A, r as 'R'))).toBe(false);
    expect(tree.write(B, CONN, '1', ['APN'], 'apn.b').ok).toBe(true);
    const parsed = { moid: CONN, instance: { kind: 'any' as const }, path: [], query: { nv: [] } };
    const seenByA = tree.resolve(A, parsed, 'R');
    expect(seenByA.ok && seenByA.value).toEqual([]);
  });

  it('refuses a grant from an MA without D, or wider than its own rights', () => {
    const tree = device();
    const noD = grant(tree, B, { Grantee: 'C', Rights: 'R', Kind: 'shared' });
    expect(noD.ok ? 0 : noD.error.sc).toBe(403);
    expect(grant(tree, A, { Grantee: 'B', Rights: 'RD', Kind: 'shared', MaxDepth: 1 }).ok).toBe(true);
    const wider = grant(tree, B, { Grantee: 'C', Rights: 'RW', Kind: 'sub' });
    expect(wider.ok ? 0 : wider.error.sc).toBe(403);
  });

  it('sub: a grantee with D delegates further within MaxDepth, and never to a prohibited MA', () => {
    const tree = device();
    expect(grant(tree, A, { Grantee: 'B', Rights: 'RD', Kind: 'shared', MaxDepth: 1, Prohibited: 'D' }).ok).toBe(true);
    const toD = grant(tree, B, { Grantee: 'D', Rights: 'R', Kind: 'sub' });
    expect(toD.ok ? 0 : toD.error.sc).toBe(403);
    const tooDeep = grant(tree, B, { Grantee: 'C', Rights: 'RD', Kind: 'sub', MaxDepth: 1 });
    expect(tooDeep.ok ? 0 : tooDeep.error.sc).toBe(403);
    expect(grant(tree, B, { Grantee: 'C', Rights: 'RD', Kind: 'sub', MaxDepth: 0 }).ok).toBe(true);
    expect(can(tree, C, 'R')).toBe(true);
    const fromC = grant(tree, C, { Grantee: 'D', Rights: 'R', Kind: 'sub' });
    expect(fromC.ok ? 0 : fromC.error.sc).toBe(403);
  });

  it('revoking a grant revokes every grant derived from it', () => {
    const tree = device();
    const g1 = grant(tree, A, { Grantee: 'B', Rights: 'RD', Kind: 'shared', MaxDepth: 2 });
    expect(g1.ok).toBe(true);
    expect(grant(tree, B, { Grantee: 'C', Rights: 'RD', Kind: 'sub', MaxDepth: 1 }).ok).toBe(true);
    expect(grant(tree, C, { Grantee: 'D', Rights: 'R', Kind: 'sub' }).ok).toBe(true);
    expect(can(tree, D, 'R')).toBe(true);
    const miid = g1.ok ? g1.value.uri.split('/').pop()! : '';
    expect(tree.remove(A, { moid: MOID.DELEGATION, miid, path: [] }).ok).toBe(true);
    expect([B, C, D].map((p) => can(tree, p, 'R'))).toEqual([false, false, false]);
    expect([...tree.instancesOf(MOID.DELEGATION)]).toEqual([]);
  });

  it('priority: a write to a node last written by a higher-priority MA is 409; equal or higher succeeds', () => {
    const tree = device();
    expect(grant(tree, A, { Grantee: 'B', Rights: 'RW', Kind: 'shared', Priority: 5 }).ok).toBe(true);
    expect(grant(tree, A, { Grantee: 'C', Rights: 'RW', Kind: 'shared', Priority: 5 }).ok).toBe(true);
    expect(tree.write(B, CONN, '1', ['APN'], 'apn.b').ok).toBe(true);
    const byA = tree.write(A, CONN, '1', ['APN'], 'apn.a2');
    expect(byA.ok ? 0 : byA.error.sc).toBe(409);
    expect(tree.write(A, CONN, '1', ['Name'], 'p1-renamed').ok).toBe(true);
    expect(tree.write(C, CONN, '1', ['APN'], 'apn.c').ok).toBe(true);
  });

  it('shows a grant only to its grantor and grantee', () => {
    const tree = device();
    const g = grant(tree, A, { Grantee: 'B', Rights: 'R', Kind: 'shared' });
    const inst = tree.instance(MOID.DELEGATION, g.ok ? g.value.uri.split('/').pop()! : '')!;
    expect([A, B, C].map((p) => tree.has(p, inst, 'R'))).toEqual([true, true, false]);
    expect(tree.has(B, inst, 'W')).toBe(false);
  });

  it('sets Grantor itself, whatever the server sent', () => {
    const tree = device();
    const g = grant(tree, A, { Grantee: 'B', Rights: 'R', Kind: 'shared', Grantor: 'C' });
    const inst = tree.instance(MOID.DELEGATION, g.ok ? g.value.uri.split('/').pop()! : '')!;
    const node = inst.root.children.get('Grantor');
    expect(node?.kind === 'leaf' && node.value).toBe('A');
    expect(tree.entry({ moid: MOID.DELEGATION, miid: inst.miid, path: [] })?.MOData).toMatchObject({ Grantor: 'A', Target: `${CONN}/1` });
    expect(DEVICE.kind).toBe('device');
  });
});
