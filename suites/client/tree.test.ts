/**
 * The tree and the standard MOs (K-TREE, K-DDF; DM-HLF-027 DM 1.x structures): DevInfo's mandatory
 * nodes, the server's own DMAcc and its secrets, node formats on the wire, the MO serialization round trip.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { writableMoid } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import { expectDone, expectSc, firstStatusUri } from '../../harness/conformance/fixtures/client/status.ts';
import { carries, createInstance, onlyInstance, readViaHput } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { expectNothing, sameJson } from '../../harness/conformance/fixtures/verify.ts';
import { DMACC_1_2, MOID } from '../../harness/protocol/moids.ts';

/** The server's own DMAcc account as the IUT reports it (HPUT of DMAcc/*). */
async function ownAccount(t: CaseContext, srv: HarnessServer) {
  const read = await readViaHput(t, srv, [`${MOID.DMACC}/*`], 'the DMAcc accounts');
  const mine = read.entries.filter((e) => (e.MOData as Record<string, unknown> | null)?.SrvID === srv.srvId);
  return { read, mine };
}

defineCase(
  {
    id: 'DMCTS-C-TREE-001',
    title: 'DevInfo has the mandatory DM 1.x nodes DevID, Man, Mod, DmV and Lang',
    requirement: 'A client MUST keep the DevInfo MO of DM 1.x with its mandatory leaves DevID, Man, Mod, DmV and Lang (K-DDF; DM-HLF-027).',
    labels: ['DM-HLF-027'],
    rules: ['K-DDF', 'K-TREE'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const uri = await onlyInstance(t, srv, MOID.DEVINFO, 'K');
    // K-DDF: the five leaves exist (each sent by HPUT) and DevID is the device's; how MOData shapes an
    // instance and a chr leaf as JSON text are the (ours) K-TREE clarifications.
    const leaves = ['DevID', 'Man', 'Mod', 'DmV', 'Lang'];
    const each = await readViaHput(
      t,
      srv,
      leaves.map((n) => `${uri}/${n}`),
      'the DevInfo mandatory leaves',
      'K',
    );
    t.check(
      each.entries.length === leaves.length,
      `HPUT of ${leaves.join(', ')} of DevInfo sent ${each.entries.length} entries, not ${leaves.length}: ${JSON.stringify(each.entries)}`,
    );
    t.check(carries(each.entries, srv.devId), `DevInfo DevID is not "${srv.devId}", the DevID the device said it has: ${JSON.stringify(each.entries)}`);
    const read = await readViaHput(t, srv, [uri], 'DevInfo', 'K');
    const data = (read.entries[0]?.MOData ?? {}) as Record<string, unknown>;
    const bad = leaves.filter((n) => typeof data[n] !== 'string' || (data[n] as string).length === 0);
    t.check(bad.length === 0, `DevInfo lacks (or has no text in) ${bad.join(', ')}: ${JSON.stringify(data)}`, 'P');
    t.check(data.DevID === srv.devId, `DevInfo DevID is ${JSON.stringify(data.DevID)}, but the device said its DevID is "${srv.devId}"`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-C-TREE-002',
    title: 'A server reads its own DMAcc account, and its secrets never leave the device',
    requirement: 'A client MUST let a server read its own DMAcc account (SrvID, SrvURI) and MUST NOT send any secret of it (K-DDF, P-ACL, P-SEC).',
    labels: ['DM-HLF-027', 'DM-SECARIZE-002'],
    rules: ['K-DDF', 'P-ACL', 'P-SEC'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const { mine } = await ownAccount(t, srv);
    t.check(mine.length === 1, `${mine.length} DMAcc accounts with SrvID ${srv.srvId} are readable to it, not 1`);
    const acc = (t.need(mine[0], `no DMAcc account with SrvID ${srv.srvId} is readable to it`).MOData ?? {}) as Record<string, unknown>;
    // The SrvURI the IUT was bootstrapped with (wss:// for a server it reaches over P-WS).
    const srvUri = srv.account().srvUri;
    t.check(acc.SrvURI === srvUri, `the account's SrvURI is ${JSON.stringify(acc.SrvURI)}, not ${srvUri}`);
    const secret = Buffer.from(srv.notificationSecret, 'utf8');
    const leaks = srv.wire.filter((e) => Buffer.from(e.body).includes(secret));
    t.check(leaks.length === 0, `the notification secret crossed the wire in ${leaks.length} message(s) (${leaks.map((e) => e.url ?? e.status).join(', ')})`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-TREE-003',
    title: 'An explicit read of a DMAcc secret is refused and sends nothing',
    requirement:
      'A client MUST refuse a command that reads a DMAcc secret node (405, or 403/404) and send nothing of it (K-TREE, P-SEC; ours: secrets are never read).',
    labels: ['DM-SECARIZE-002', 'DM-SECCONF-001'],
    rules: ['K-TREE', 'K-DDF', 'P-SEC'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const { mine } = await ownAccount(t, srv);
    const acc = mine[0];
    if (!acc) return t.fail(`the server's own DMAcc account (SrvID ${srv.srvId}) is not readable to it`);
    const auth = (acc.MOData as { Auth?: Record<string, unknown> }).Auth ?? {};
    const names = Object.keys(auth);
    const targets = names.length > 0 ? names.map((n) => `${acc.ClientURI}/Auth/${encodeURIComponent(n)}/Secret`) : [`${acc.ClientURI}/Auth/Noti/Secret`];
    const results = await srv.runEach(targets, (u) => ['HPUT', 'auto', u]);
    for (const [u, q] of results) {
      const s = expectSc(t, q, [403, 404, 405], `HPUT of the secret ${u}`);
      expectNothing(t, srv.received(q), `HPUT of ${u} answered ${s.sc} but sent data anyway`);
    }
    const [wild] = await srv.run([['HPUT', 'auto', `${acc.ClientURI}/Auth/*/*`]]);
    const sent = srv.received(wild).flatMap((b) => b.entries);
    t.check(!sent.some((e) => /\/Secret$/.test(e.ClientURI)), `a wildcard read sent a secret node: ${sent.map((e) => e.ClientURI).join(', ')}`);
    const secret = Buffer.from(srv.notificationSecret, 'utf8');
    t.check(!srv.wire.some((e) => Buffer.from(e.body).includes(secret)), 'the notification secret crossed the wire');
  },
);

defineCase(
  {
    id: 'DMCTS-C-TREE-004',
    title: 'Node formats keep their JSON types: int and float as numbers, bool as true/false, chr as text, null',
    requirement: 'A client MUST give each node its format on the wire: int/float as JSON numbers, bool as true/false, chr as text, null as null (K-TREE).',
    labels: ['DM-HLF-027', 'DM-HLF-001'],
    rules: ['K-TREE'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t);
    const data = { Int: 42, Neg: -7, Float: 2.5, On: true, Off: false, Text: '42', Empty: '', Nothing: null };
    const uri = await createInstance(t, srv, w, t.uniqueName('fmt'), data, 'K');
    const read = await readViaHput(t, srv, [uri], 'the typed instance', 'K');
    const got = (read.entries[0]?.MOData ?? {}) as Record<string, unknown>;
    // The JSON type of each format on the wire is the (ours) K-TREE clarification "Formats on the wire".
    for (const [name, value] of Object.entries(data)) {
      t.check(
        Object.is(got[name], value),
        `${uri}/${name} came back as ${JSON.stringify(got[name])} (${typeof got[name]}), not ${JSON.stringify(value)} (${value === null ? 'null' : typeof value})`,
        'P',
      );
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-TREE-005',
    title: 'MO serialization round trip: what HGET stored, GET returns unchanged',
    requirement:
      'A client that supports GET SHOULD return, for an instance HGET stored, the very MOData it fetched, nested DM 1.x structure included (K-TREE, P-GET; DM-HLF-027).',
    labels: ['DM-HLF-027', 'DM-HLF-004'],
    rules: ['K-TREE', 'P-GET', 'K-DDF'],
    level: 'SHOULD',
    perTransport: true,
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t);
    const data = {
      Name: 'Example ISP',
      NAP: { Addr: 'apn.example', AddrType: 'APN', Auth: { PAP: { Id: 'user', Level: 2 } }, BearerL: { GPRS: { Enabled: true } } },
      Px: {},
      Ext: { Vendor: { Note: 'DM 1.x layout' } },
    };
    const content = srv.publish([{ ClientURI: w, MOData: data }]);
    const [hget] = await srv.run([['HGET', content.url]]);
    const uri = firstStatusUri(
      t,
      expectDone(t, hget, 'HGET of the DM 1.x-shaped instance'),
      'the HGET Status names no URI of the instance it created (P-DETAIL)',
    );
    const [whole, leaf] = await srv.run([
      ['GET', uri],
      ['GET', `${uri}/NAP/Auth/PAP/Level`],
    ]);
    const got = expectSc(t, whole, 200, `GET ${uri}`).Data?.[0];
    t.check(got?.ClientURI === uri, `GET ${uri} returned an entry for ${got?.ClientURI}`);
    t.check(sameJson(got?.MOData, data), `GET ${uri} returned ${JSON.stringify(got?.MOData)}, not the MOData HGET stored ${JSON.stringify(data)}`);
    t.check(expectSc(t, leaf, 200, `GET ${uri}/NAP/Auth/PAP/Level`).Data?.[0]?.MOData === 2, 'the nested leaf NAP/Auth/PAP/Level does not read back as 2');
  },
);

defineCase(
  {
    id: 'DMCTS-C-TREE-006',
    title: 'DMAcc is found under the 1.2 MOID too, and sent as 1.0',
    requirement: 'A client MUST accept both version suffixes of the DMAcc MOID (1.0, 1.2) on input and send 1.0 (K-DDF).',
    labels: ['DM-HLF-027'],
    rules: ['K-DDF', 'K-ADDR'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const read = await readViaHput(t, srv, [`${DMACC_1_2}/*/SrvID`], 'DMAcc 1.2 SrvID', 'K');
    // K-DDF: 1.2 taken on input, 1.0 sent; one entry per account with a leaf's value as MOData is ours.
    const holding = read.entries.filter((e) => carries([e], srv.srvId));
    t.check(
      holding.length > 0 && holding.every((e) => e.ClientURI.startsWith(`${MOID.DMACC}/`)),
      `${DMACC_1_2}/*/SrvID sent ${JSON.stringify(read.entries)}: not the SrvID ${srv.srvId} under ${MOID.DMACC}`,
    );
    const mine = read.entries.filter((e) => e.MOData === srv.srvId);
    t.check(mine.length === 1, `${DMACC_1_2}/*/SrvID found ${mine.length} entries with SrvID ${srv.srvId}, not 1`, 'P');
    t.check(mine[0]?.ClientURI.startsWith(`${MOID.DMACC}/`), `the account was sent as ${mine[0]?.ClientURI}, not under ${MOID.DMACC}`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-C-TREE-007',
    title: 'A DevInfo leaf cannot be replaced, even with the Write right (405)',
    requirement:
      'A client MUST answer 405 to a change of a DevInfo leaf, which is permanent and read-only, and keep its value (K-TREE; ours: DevInfo leaves are read-only).',
    labels: ['DM-HLF-027'],
    rules: ['K-TREE', 'K-DDF'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t, { perm: [{ moid: MOID.DEVINFO, rights: 'RW' }] });
    const uri = await onlyInstance(t, srv, MOID.DEVINFO, 'K');
    const content = srv.publish([{ ClientURI: `${uri}/Man`, MOData: 'forged by a server' }]);
    const [q] = await srv.run([['HGET', content.url, `${uri}/Man`]]);
    // Permanence (K-TREE) covers delete and rename; that DevInfo leaves are read-only (405 on a change)
    // is the (ours) K-DDF clarification "DevInfo ... their leaves are read-only".
    expectSc(t, q, 405, `HGET into ${uri}/Man with the Write right`, 'P');
    const read = await readViaHput(t, srv, [`${uri}/Man`], 'DevInfo Man', 'K');
    t.check(!carries(read.entries, 'forged by a server'), `${uri}/Man was changed to "forged by a server"`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-C-TREE-008',
    title: 'An HGET entry naming its DM 1.x DDF is stored',
    requirement: 'A client MUST accept an MO serialization entry that carries the optional DDF member and store its data (K-TREE, K-DDF; DM-HLF-027).',
    labels: ['DM-HLF-027'],
    rules: ['K-TREE', 'K-DDF'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t);
    const data = { Name: 'with DDF', NAP: { Addr: 'apn.ddf' } };
    const content = srv.publish([{ DDF: `${srv.url}/ddf/connmo-1.0.ddf`, ClientURI: w, MOData: data }]);
    const [q] = await srv.run([['HGET', content.url]]);
    const uri = firstStatusUri(
      t,
      expectDone(t, q, 'HGET of an entry with a DDF member'),
      'the HGET Status names no URI of the instance it created (P-DETAIL)',
      'P',
    );
    const read = await readViaHput(t, srv, [uri], 'the instance', 'K');
    t.check(sameJson(read.entries[0]?.MOData, data), `${uri} reads back as ${JSON.stringify(read.entries[0]?.MOData)}`);
  },
);
