/**
 * The device tree on the B.1 device: rendering with depth=/fields= exactly as P-DETAIL says, secrets
 * never rendered (P-SEC), HGET writes (P-DETAIL), permanent nodes (K-TREE: 405), rights (P-ACL: 403),
 * cache validators and change events.
 */
import { describe, expect, it } from 'vitest';
import { encodeBody } from '../../../harness/protocol/body-codec.ts';
import type { DeviceTree, TreeChange } from '../../../harness/tree/device-tree.ts';
import { DEVICE, serverPrincipal } from '../../../harness/tree/principal.ts';
import { MOID } from '../../../harness/tree/standard-mos.ts';
import { BENCH, benchDevice, CONNMO, data, OPERATOR, read } from './support.ts';

const OP = serverPrincipal(OPERATOR);
const STRANGER = serverPrincipal('unknown.example');
const DMACC1 = `${MOID.DMACC}/1`;

function sc(r: { ok: true } | { ok: false; error: { sc: number } }): number {
  return r.ok ? 200 : r.error.sc;
}

/** A second account, made by the device, granting `srvId` the given rights on each MOID. */
function addAccount(tree: DeviceTree, miid: string, srvId: string, perms: Record<string, string | undefined>): void {
  const Perm = Object.fromEntries(
    Object.entries(perms).map(([moid, rights], i) => [String(i + 1), rights === undefined ? { MOID: moid } : { MOID: moid, Rights: rights }]),
  );
  const r = tree.deviceWrite(MOID.DMACC, miid, [], { SrvID: srvId, SrvURI: `https://${srvId}/dm`, Perm });
  if (!r.ok) throw new Error(r.error.message);
}

describe('rendering (P-DETAIL selection)', () => {
  const tree = benchDevice();

  it('renders a whole instance as nested MOData with its ClientURI and CV', () => {
    const entries = read(tree, OP, `${CONNMO}/2`);
    expect(entries).toEqual([{ ClientURI: `${CONNMO}/2`, CV: tree.cv(CONNMO, '2'), MOData: BENCH[CONNMO]!['2'] }]);
    expect(data(tree, OP, DMACC1)).toEqual(BENCH[MOID.DMACC]!['1']);
  });

  it('depth=0: the addressed node, its leaves, its interior children as {}', () => {
    expect(data(tree, OP, `${DMACC1}?depth=0`)).toEqual({
      SrvID: 'dm.operator.example',
      SrvURI: 'https://dm.operator.example/dm20',
      Name: 'Operator DM',
      Perm: {},
      Push: {},
    });
    expect(data(tree, OP, `${DMACC1}/Perm?depth=0`)).toEqual({ 1: {}, 2: {}, 3: {} });
  });

  it('depth=N: N levels of interior nodes below the addressed one', () => {
    expect(data(tree, OP, `${DMACC1}?depth=1`)).toEqual({
      SrvID: 'dm.operator.example',
      SrvURI: 'https://dm.operator.example/dm20',
      Name: 'Operator DM',
      Perm: { 1: {}, 2: {}, 3: {} },
      Push: { Ping: '30' },
    });
    expect(data(tree, OP, `${DMACC1}?depth=2`)).toEqual(BENCH[MOID.DMACC]!['1']);
    expect(data(tree, OP, `${DMACC1}?depth=1000`)).toEqual(BENCH[MOID.DMACC]!['1']);
  });

  it('depth= on a leaf is its value', () => {
    expect(data(tree, OP, `${DMACC1}/SrvID?depth=0`)).toBe('dm.operator.example');
  });

  it('fields=: only leaves of those names, and the interior nodes leading to them', () => {
    expect(data(tree, OP, `${DMACC1}?fields=MOID`)).toEqual({
      Perm: { 1: { MOID: MOID.DEVINFO }, 2: { MOID: CONNMO }, 3: { MOID: MOID.FEATURES } },
    });
    expect(data(tree, OP, `${DMACC1}?fields=Rights,Ping,SrvID`)).toEqual({
      SrvID: 'dm.operator.example',
      Perm: { 1: { Rights: 'RWE' }, 2: { Rights: 'RWE' }, 3: { Rights: 'R' } },
      Push: { Ping: '30' },
    });
  });

  it('fields= over a wildcard: the same selection from every instance', () => {
    const entries = read(tree, OP, `${CONNMO}/*?fields=APN,Port`);
    expect(typeof entries !== 'string' && entries.map((e) => [e.ClientURI, e.MOData])).toEqual(
      ['1', '2', '3', '4', '5'].map((i) => [`${CONNMO}/${i}`, { APN: `iot${i}.operator.example`, Port: 8080 + Number(i) }]),
    );
  });

  it('fields= with depth=: depth limits the levels, fields the leaves (no {} placeholders)', () => {
    expect(data(tree, OP, `${DMACC1}?depth=0&fields=SrvID,MOID`)).toEqual({ SrvID: 'dm.operator.example' });
    expect(data(tree, OP, `${DMACC1}?depth=1&fields=MOID,Ping`)).toEqual({ Push: { Ping: '30' } });
  });

  it('fields= naming another leaf leaves nothing of an addressed leaf', () => {
    expect(read(tree, OP, `${DMACC1}/SrvID?fields=Name`)).toEqual([]);
    expect(data(tree, OP, `${DMACC1}/SrvID?fields=SrvID`)).toBe('dm.operator.example');
  });

  it('a wildcard whose nv= matches nothing is an empty serialization, not an error', () => {
    expect(read(tree, OP, `${CONNMO}/(p)?nv=(p)/Bearer:satellite`)).toEqual([]);
    expect(read(tree, OP, `${CONNMO}/(p)/Name?nv=(p)/Roaming:true&nv=(p)/Enabled:false`)).toEqual([
      { ClientURI: `${CONNMO}/4/Name`, CV: tree.cv(CONNMO, '4'), MOData: 'profile-4' },
    ]);
  });
});

describe('secrets (DMAcc Auth/<x>/Secret) are never rendered', () => {
  const tree = benchDevice();
  const auth = { Type: 'Digest', Name: 'device-7', Secret: 'pa55-w0rd', Data: 'anchor' };
  expect(tree.deviceWrite(MOID.DMACC, '1', ['Auth'], { srv: auth, noti: { Type: 'Noti', Secret: 'noti-secret' } }).ok).toBe(true);

  it('not in the instance, nor its Auth subtree, at any depth or selection', () => {
    for (const uri of [
      DMACC1,
      `${DMACC1}/Auth`,
      `${DMACC1}/Auth/srv`,
      `${DMACC1}?depth=5`,
      `${DMACC1}/Auth/srv?depth=0`,
      `${DMACC1}?fields=Secret,Name`,
      `${MOID.DMACC}/*`,
      `${MOID.DMACC}//`,
    ]) {
      const entries = read(tree, OP, uri);
      expect(typeof entries, uri).not.toBe('string');
      for (const enc of ['json', 'cbor'] as const) {
        const bytes = encodeBody(entries, enc);
        expect(bytes.includes('pa55-w0rd'), `${uri} (${enc})`).toBe(false);
        expect(bytes.includes('noti-secret'), `${uri} (${enc})`).toBe(false);
      }
    }
    expect(data(tree, OP, `${DMACC1}/Auth`)).toEqual({ srv: { Type: 'Digest', Name: 'device-7', Data: 'anchor' }, noti: { Type: 'Noti' } });
  });

  it('addressed directly it exists but renders as nothing', () => {
    expect(read(tree, OP, `${DMACC1}/Auth/srv/Secret`)).toEqual([]);
  });

  it('wildcards do not reach it and nv= cannot probe it', () => {
    const entries = read(tree, OP, `${DMACC1}/Auth/*/*`);
    expect(typeof entries !== 'string' && entries.map((e) => e.ClientURI.split('/').slice(-2).join('/')).sort()).toEqual([
      'noti/Type',
      'srv/Data',
      'srv/Name',
      'srv/Type',
    ]);
    expect(read(tree, OP, `${DMACC1}/Auth/(a)?nv=(a)/Secret:pa55-w0rd`)).toEqual([]);
    expect(read(tree, OP, `${DMACC1}/Auth/(a)?nv=(a)/Type:Digest`)).toHaveLength(1);
  });

  it('writing it still works and changes the validator', () => {
    const before = tree.cv(MOID.DMACC, '1');
    expect(sc(tree.deviceWrite(MOID.DMACC, '1', ['Auth', 'srv', 'Secret'], 'n3w'))).toBe(200);
    expect(tree.cv(MOID.DMACC, '1')).not.toBe(before);
    expect(data(tree, OP, `${DMACC1}/Auth/srv`)).toEqual({ Type: 'Digest', Name: 'device-7', Data: 'anchor' });
  });
});

describe('HGET writes (P-DETAIL)', () => {
  it('a named MIID that does not exist is created, owned by the writing server', () => {
    const tree = benchDevice();
    const profile = { Name: 'profile-x', Bearer: 'WLAN', APN: 'x.example', Port: 9000, Roaming: false };
    const r = tree.write(OP, CONNMO, 'x', [], profile);
    expect(r).toEqual({ ok: true, value: { created: true, uri: `${CONNMO}/x` } });
    expect(tree.instance(CONNMO, 'x')?.owner).toEqual(OP);
    expect(data(tree, OP, `${CONNMO}/x`)).toEqual(profile);
  });

  it('replaces the addressed subtree entirely: nodes absent from the new data are gone', () => {
    const tree = benchDevice();
    expect(tree.write(OP, CONNMO, '1', [], { Name: 'only' })).toEqual({ ok: true, value: { created: false, uri: `${CONNMO}/1` } });
    expect(data(tree, OP, `${CONNMO}/1`)).toEqual({ Name: 'only' });
  });

  it('writes one node of an instance, creating it when new', () => {
    const tree = benchDevice();
    expect(tree.write(OP, CONNMO, '2', ['APN'], 'new.example')).toEqual({ ok: true, value: { created: false, uri: `${CONNMO}/2/APN` } });
    expect(tree.write(OP, CONNMO, '2', ['Extra'], { a: 1 })).toEqual({ ok: true, value: { created: true, uri: `${CONNMO}/2/Extra` } });
    expect(data(tree, OP, `${CONNMO}/2/Extra`)).toEqual({ a: 1 });
    expect(sc(tree.write(OP, CONNMO, '2', ['No', 'Parent'], 1))).toBe(404);
    expect(sc(tree.write(OP, CONNMO, '99', ['APN'], 'x'))).toBe(404);
  });

  it('without a ClientURI the client assigns the next decimal MIID', () => {
    const tree = benchDevice();
    expect(tree.create(OP, CONNMO, { Name: 'six' })).toEqual({ ok: true, value: { created: true, uri: `${CONNMO}/6` } });
    expect(tree.create(OP, CONNMO, { Name: 'seven' })).toEqual({ ok: true, value: { created: true, uri: `${CONNMO}/7` } });
    expect(sc(tree.create(OP, CONNMO, 'not an object'))).toBe(400);
  });

  it('refuses bad MIIDs and data the definition does not allow (400)', () => {
    const tree = benchDevice();
    expect(sc(tree.write(OP, CONNMO, 'a/b', [], {}))).toBe(400);
    expect(sc(tree.write(OP, CONNMO, '', [], {}))).toBe(400);
    expect(sc(tree.write(OP, CONNMO, '1', ['List'], [1, 2]))).toBe(400);
    expect(sc(tree.write(OP, MOID.DEVINFO, '1', ['Colour'], 'red'))).toBe(400);
    expect(sc(tree.write(OP, MOID.DEVINFO, '1', ['Ext'], { colour: 'red' }))).toBe(200);
    expect(sc(tree.deviceWrite(MOID.DMACC, '1', ['Name'], 42))).toBe(400);
    expect(sc(tree.deviceWrite(MOID.DMACC, '1', ['Perm', '4'], { Rights: 'R' }))).toBe(400);
  });
});

describe('permanent nodes (K-TREE: 405)', () => {
  const tree = benchDevice();
  addAccount(tree, 'adm', 'admin.example', { [MOID.DEVINFO]: 'RWE', [MOID.SESSIONINFO]: 'RWE', [MOID.FEATURES]: 'RWE' });
  const ADMIN = serverPrincipal('admin.example');

  it.each([MOID.DEVINFO, MOID.SESSIONINFO, MOID.FEATURES])('a device-made %s instance cannot be deleted by a server with W', (moid) => {
    const r = tree.remove(ADMIN, { moid, miid: '1', path: [] });
    expect(r.ok ? 200 : [r.error.sc, r.error.code]).toEqual([405, 'NOT_ALLOWED']);
    expect(tree.instance(moid, '1')).toBeDefined();
  });

  it('a permanent leaf can be neither deleted nor changed; rewriting its value changes nothing', () => {
    const cv = tree.cv(MOID.DEVINFO, '1');
    expect(sc(tree.remove(ADMIN, { moid: MOID.DEVINFO, miid: '1', path: ['FwV'] }))).toBe(405);
    expect(sc(tree.remove(ADMIN, { moid: MOID.DEVINFO, miid: '1', path: ['DevID'] }))).toBe(405);
    expect(sc(tree.write(ADMIN, MOID.DEVINFO, '1', ['FwV'], '9.9'))).toBe(405);
    expect(sc(tree.write(ADMIN, MOID.FEATURES, '1', ['UI'], true))).toBe(405);
    expect(sc(tree.write(ADMIN, MOID.DEVINFO, '1', ['FwV'], '4.1.7-r2031'))).toBe(200);
    expect(tree.cv(MOID.DEVINFO, '1')).toBe(cv);
  });

  it('an instance write that would drop or change a permanent node is 405', () => {
    const { FwV: _, ...withoutFwV } = BENCH[MOID.DEVINFO]!['1']!;
    expect(sc(tree.write(ADMIN, MOID.DEVINFO, '1', [], withoutFwV))).toBe(405);
    expect(sc(tree.write(ADMIN, MOID.DEVINFO, '1', [], { ...BENCH[MOID.DEVINFO]!['1'], Man: 'Other' }))).toBe(405);
    expect(data(tree, ADMIN, `${MOID.DEVINFO}/1/Man`)).toBe('Acme Devices Ltd');
  });

  it('the device itself may do all of it (factory reset, firmware update)', () => {
    const own = benchDevice();
    expect(sc(own.deviceWrite(MOID.DEVINFO, '1', ['FwV'], '5.0'))).toBe(200);
    expect(sc(own.remove(DEVICE, { moid: MOID.DEVINFO, miid: '1', path: ['OEM'] }))).toBe(200);
    expect(sc(own.remove(DEVICE, { moid: MOID.DEVINFO, miid: '1', path: [] }))).toBe(200);
  });

  it('a dynamic instance a server may write can be deleted; its mandatory nodes cannot', () => {
    const t = benchDevice();
    expect(sc(t.remove(OP, { moid: CONNMO, miid: '3', path: ['Proxy'] }))).toBe(200);
    expect(sc(t.remove(OP, { moid: CONNMO, miid: '3', path: [] }))).toBe(200);
    expect(sc(t.remove(OP, { moid: CONNMO, miid: '3', path: [] }))).toBe(404);
    addAccount(t, 'adm', 'admin.example', { [MOID.DMACC]: 'RW' });
    expect(sc(t.remove(serverPrincipal('admin.example'), { moid: MOID.DMACC, miid: '1', path: ['SrvURI'] }))).toBe(405);
    expect(sc(t.remove(serverPrincipal('admin.example'), { moid: MOID.DMACC, miid: '1', path: ['Perm', '3'] }))).toBe(200);
    expect(sc(t.remove(serverPrincipal('admin.example'), { moid: MOID.DMACC, miid: '1', path: ['Perm', '2', 'MOID'] }))).toBe(405);
  });
});

describe('rights (P-ACL: 403)', () => {
  it('Perm Rights bound a server on device-made instances: R only on Features', () => {
    const tree = benchDevice();
    expect(typeof read(tree, OP, `${MOID.FEATURES}/1`)).not.toBe('string');
    const w = tree.write(OP, MOID.FEATURES, '1', ['UI'], false);
    expect(w.ok ? 200 : [w.error.sc, w.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(read(tree, OP, `${MOID.FEATURES}/1`, 'E')).toBe('URI_FORBIDDEN');
    expect(sc(tree.remove(OP, { moid: MOID.FEATURES, miid: '1', path: [] }))).toBe(403);
  });

  it('RWE on DevInfo and ConnMO, never D from a Perm entry', () => {
    const tree = benchDevice();
    const inst = tree.instance(MOID.DEVINFO, '1')!;
    expect(['R', 'W', 'E', 'D'].map((r) => tree.has(OP, inst, r as 'R'))).toEqual([true, true, true, false]);
    addAccount(tree, 'x', 'x.example', { [CONNMO]: 'rwed' });
    const conn = tree.instance(CONNMO, '1')!;
    expect(['R', 'W', 'E', 'D'].map((r) => tree.has(serverPrincipal('x.example'), conn, r as 'R'))).toEqual([true, true, true, false]);
  });

  it('a Perm entry without Rights grants R W E', () => {
    const tree = benchDevice();
    addAccount(tree, 'y', 'y.example', { [CONNMO]: undefined });
    const conn = tree.instance(CONNMO, '1')!;
    expect(['R', 'W', 'E', 'D'].map((r) => tree.has(serverPrincipal('y.example'), conn, r as 'R'))).toEqual([true, true, true, false]);
  });

  it('a server without a Perm entry: 403 on a named instance, nothing through wildcards, 404 for MOID//', () => {
    const tree = benchDevice();
    expect(read(tree, STRANGER, `${MOID.DEVINFO}/1`)).toBe('URI_FORBIDDEN');
    expect(read(tree, STRANGER, `${CONNMO}/*`)).toEqual([]);
    expect(read(tree, STRANGER, `${MOID.DEVINFO}//`)).toBe('URI_NOT_FOUND');
    expect(sc(tree.write(STRANGER, CONNMO, '1', ['APN'], 'x'))).toBe(403);
    expect(sc(tree.write(STRANGER, CONNMO, 'mine', [], {}))).toBe(403);
  });

  it('a server reads its own account and SessionInfo without a Perm entry, but may not write them', () => {
    const tree = benchDevice();
    expect(data(tree, OP, `${DMACC1}/SrvID`)).toBe(OPERATOR);
    expect(sc(tree.write(OP, MOID.DMACC, '1', ['Name'], 'x'))).toBe(403);
    expect(data(tree, STRANGER, `${MOID.SESSIONINFO}/1/Reason`)).toBe('customer-care');
    expect(sc(tree.write(STRANGER, MOID.SESSIONINFO, '1', ['Reason'], 'x'))).toBe(403);
    addAccount(tree, 'z', 'z.example', {});
    expect(read(tree, serverPrincipal('z.example'), DMACC1)).toBe('URI_FORBIDDEN');
  });

  it('what a server creates is its own alone (K-ACL): other servers with Perm get 403', () => {
    const tree = benchDevice();
    addAccount(tree, 'peer', 'peer.example', { [CONNMO]: 'RWE' });
    const PEER = serverPrincipal('peer.example');
    expect(sc(tree.write(OP, CONNMO, 'own', [], { Name: 'mine' }))).toBe(200);
    expect(read(tree, PEER, `${CONNMO}/own`)).toBe('URI_FORBIDDEN');
    expect(sc(tree.write(PEER, CONNMO, 'own', ['Name'], 'theirs'))).toBe(403);
    expect(sc(tree.remove(PEER, { moid: CONNMO, miid: 'own', path: [] }))).toBe(403);
    const all = read(tree, PEER, `${CONNMO}/*`);
    expect(typeof all !== 'string' && all.map((e) => e.ClientURI)).not.toContain(`${CONNMO}/own`);
    expect(tree.has(OP, tree.instance(CONNMO, 'own')!, 'D')).toBe(true);
  });

  it('accepts the DMAcc 1.2 MOID as the 1.0 one (K-DDF)', () => {
    const tree = benchDevice();
    expect(data(tree, OP, 'urn:oma:mo:oma-dm-dmacc:1.2/1/SrvID')).toBe(OPERATOR);
    addAccount(tree, 'alias', 'alias.example', { 'urn:oma:mo:oma-dm-dmacc:1.2': 'R' });
    expect(data(tree, serverPrincipal('alias.example'), `${DMACC1}/Name`)).toBe('Operator DM');
  });
});

describe('cache validators and change events', () => {
  it('the CV changes with every change of any node, and only then', () => {
    const tree = benchDevice();
    const cvs = () => Object.fromEntries(['1', '2'].map((m) => [m, tree.cv(CONNMO, m)]));
    const before = cvs();
    expect(sc(tree.write(OP, CONNMO, '1', ['MTU'], 1421))).toBe(200);
    expect(cvs()).toEqual(before);
    expect(sc(tree.write(OP, CONNMO, '1', ['MTU'], 1500))).toBe(200);
    const after = cvs();
    expect(after['1']).not.toBe(before['1']);
    expect(after['2']).toBe(before['2']);
    expect(sc(tree.write(OP, CONNMO, '1', ['MTU'], 1421))).toBe(200);
    expect(tree.cv(CONNMO, '1')).not.toBe(before['1']);
  });

  it('a re-created instance never repeats an old validator', () => {
    const tree = benchDevice();
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      expect(sc(tree.write(OP, CONNMO, 'tmp', [], { Name: 'same' }))).toBe(200);
      const cv = tree.cv(CONNMO, 'tmp')!;
      expect(seen.has(cv)).toBe(false);
      seen.add(cv);
      expect(sc(tree.remove(OP, { moid: CONNMO, miid: 'tmp', path: [] }))).toBe(200);
    }
  });

  it('announces each committed change once, after it is committed, even if a listener throws', () => {
    const tree = benchDevice();
    const seen: Array<Omit<TreeChange, 'by'> & { value: unknown }> = [];
    tree.onChange(() => {
      throw new Error('a broken listener');
    });
    const stop = tree.onChange((c) =>
      seen.push({ moid: c.moid, miid: c.miid, path: c.path, op: c.op, value: tree.instance(c.moid, c.miid) && data(tree, DEVICE, `${c.moid}/${c.miid}`) }),
    );
    tree.write(OP, CONNMO, '1', ['APN'], 'a.example');
    tree.write(OP, CONNMO, '1', ['APN'], 'a.example');
    tree.write(OP, CONNMO, '1', ['New'], 1);
    tree.remove(OP, { moid: CONNMO, miid: '1', path: ['New'] });
    stop();
    tree.write(OP, CONNMO, '1', ['APN'], 'b.example');
    expect(seen.map(({ value: _, ...c }) => c)).toEqual([
      { moid: CONNMO, miid: '1', path: ['APN'], op: 'replace' },
      { moid: CONNMO, miid: '1', path: ['New'], op: 'create' },
      { moid: CONNMO, miid: '1', path: ['New'], op: 'delete' },
    ]);
    expect((seen[0]!.value as { APN: string }).APN).toBe('a.example');
    expect(data(tree, OP, `${CONNMO}/1/APN`)).toBe('b.example');
  });
});
