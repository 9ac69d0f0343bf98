/** Access rights (K-ACL, P-ACL): Perm entries of DMAcc, creator ownership, local applications. */
import { describe, expect, it } from 'vitest';
import { parseRights, permOf, PermAccessPolicy, type Right } from '../../../harness/tree/access-rights.ts';
import { DeviceTree } from '../../../harness/tree/device-tree.ts';
import { DEVICE, samePrincipal, serverPrincipal, type Principal } from '../../../harness/tree/principal.ts';
import { MOID } from '../../../harness/tree/standard-mos.ts';

const CONN = 'urn:oma:mo:oma-dm-connmo:1.0';

function device(): DeviceTree {
  const tree = new DeviceTree();
  const w = (miid: string, data: unknown) => expect(tree.deviceWrite(MOID.DMACC, miid, [], data).ok).toBe(true);
  w('1', { SrvID: 'a', SrvURI: 'https://a/dm', Perm: { 1: { MOID: CONN, Rights: 'R' }, 2: { MOID: MOID.DEVINFO, Rights: 'E' } } });
  // A second account for the same server: its grants add up.
  w('2', { SrvID: 'a', SrvURI: 'https://a2/dm', Perm: { 1: { MOID: CONN, Rights: 'W' }, 2: { MOID: 'urn:oma:mo:oma-dm-dmacc:1.2' } } });
  w('3', { SrvID: 'b', SrvURI: 'https://b/dm', Perm: { 1: { MOID: CONN, Rights: 'D' } } });
  expect(tree.deviceWrite(CONN, '1', [], { Name: 'p' }).ok).toBe(true);
  return tree;
}

const rights = (s: ReadonlySet<Right>) => [...s].sort().join('');

describe('access rights', () => {
  it('parses rights letters in any case, ignoring others', () => {
    expect(rights(parseRights('rwXeD'))).toBe('DERW');
    expect(rights(parseRights(''))).toBe('');
  });

  it('merges the Perm entries of every account of a server, canonical MOIDs, default RWE, never D', () => {
    const perms = permOf(device(), 'a');
    expect(Object.fromEntries([...perms].map(([m, r]) => [m, rights(r)]))).toEqual({ [CONN]: 'RW', [MOID.DEVINFO]: 'E', [MOID.DMACC]: 'ERW' });
    expect(rights(permOf(device(), 'b').get(CONN)!)).toBe('');
    expect(permOf(device(), 'nobody').size).toBe(0);
  });

  it('gives a device-made instance’s rights by Perm, an owned one’s to its owner alone', () => {
    const tree = device();
    const policy = new PermAccessPolicy(tree);
    const conn = tree.instance(CONN, '1')!;
    expect(rights(policy.rightsOn(serverPrincipal('a'), conn))).toBe('RW');
    expect(rights(policy.rightsOn(serverPrincipal('b'), conn))).toBe('');
    expect(rights(policy.rightsOn(DEVICE, conn))).toBe('DERW');
    expect(tree.write(serverPrincipal('a'), CONN, 'own', [], { Name: 'x' }).ok).toBe(true);
    const own = tree.instance(CONN, 'own')!;
    expect(rights(policy.rightsOn(serverPrincipal('a'), own))).toBe('DERW');
    expect(rights(policy.rightsOn(serverPrincipal('b'), own))).toBe('');
  });

  it('lets a server create instances only of MOIDs it may write', () => {
    const policy = new PermAccessPolicy(device());
    expect(policy.mayCreate(serverPrincipal('a'), CONN)).toBe(true);
    expect(policy.mayCreate(serverPrincipal('a'), MOID.DEVINFO)).toBe(false);
    expect(policy.mayCreate(serverPrincipal('b'), CONN)).toBe(false);
    expect(policy.mayCreate(DEVICE, 'urn:anything:1')).toBe(true);
  });

  it('gives a local application the rights it registered for, and nothing by Perm', () => {
    const tree = device();
    const app: Principal = { kind: 'app', id: 'fw-agent' };
    tree.setAppGrants(() => new Map([['fw-agent', new Map([[CONN, new Set<Right>(['R'])]])]]));
    const policy = new PermAccessPolicy(tree);
    expect(rights(policy.rightsOn(app, tree.instance(CONN, '1')!))).toBe('R');
    expect(rights(policy.rightsOn(app, tree.instance(MOID.DMACC, '1')!))).toBe('');
    expect(rights(policy.rightsOn({ kind: 'app', id: 'a' }, tree.instance(CONN, '1')!))).toBe('');
  });

  it('tells principals apart by kind and id', () => {
    expect(samePrincipal(serverPrincipal('a'), serverPrincipal('a'))).toBe(true);
    expect(samePrincipal(serverPrincipal('a'), { kind: 'app', id: 'a' })).toBe(false);
    expect(samePrincipal(DEVICE, { kind: 'device' })).toBe(true);
    expect(samePrincipal(undefined, DEVICE)).toBe(false);
  });
});
