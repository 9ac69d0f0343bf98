/**
 * Several management authorities on one client (K-ACL, P-ACL; DM-HLF-012 several MAs, DM-HLF-011
 * different instances of one MO, DM-HLF-009/-020 Perm decides which MO types a server manages,
 * DM-SECARIZE-001/-002 an MA's data is protected from the others). Each MA is a harness server with
 * its own SrvID and account; all are given to the IUT in one bootstrap. No delegation here
 * (suites/client/deleg/).
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { ixitNode, writableMoid } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import { authorities, lastMos, mosLists, probe, probeAs, probeResult, valueAs, writeAs } from '../../harness/conformance/fixtures/client/delegation.ts';
import { zip } from '../../harness/conformance/fixtures/client/server-commands.ts';
import { expectRefused, expectSc } from '../../harness/conformance/fixtures/client/status.ts';
import { createInstance, miidOf, onlyInstance } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { sameJson } from '../../harness/conformance/fixtures/verify.ts';
import { parseClientUri } from '../../harness/protocol/client-uri.ts';
import { MOID } from '../../harness/protocol/moids.ts';

/** Three MAs, each with its own instance of the writable MO (created by HGET with a named MIID). */
async function threeOwners(t: CaseContext) {
  const w = writableMoid(t);
  const mas = await authorities(t, 3);
  const owned = [];
  for (const ma of mas) {
    const data = { Name: `name of ${ma.srvId}`, Other: `other of ${ma.srvId}` };
    owned.push({ ma, data, uri: await createInstance(t, ma, w, t.uniqueName('inst'), data) });
  }
  return { w, mas, owned };
}

defineCase(
  {
    id: 'DMCTS-C-MA-001',
    title: 'Three MAs each create, read and rewrite their own instance of one MO',
    requirement:
      'A client MUST let several management authorities each manage an instance of the same MO it created: create it, read it back and change it (K-ACL, P-ACL; DM-HLF-011, DM-HLF-012).',
    labels: ['DM-HLF-011', 'DM-HLF-012'],
    rules: ['K-ACL', 'P-ACL', 'K-CMD'],
    level: 'MUST',
    features: ['ACL'],
    needs: { accounts: 3 },
  },
  async (t: CaseContext) => {
    const { w, owned } = await threeOwners(t);
    t.check(new Set(owned.map((o) => o.uri)).size === 3, `the three MAs' instances are not distinct: ${owned.map((o) => o.uri).join(', ')}`);
    // The creator's rights (K-ACL) and what HPUT and HGET do (K-CMD) are public facts; the exact code 200 is P-DETAIL's.
    for (const { ma, data, uri } of owned) {
      const read = await probeAs(t, 'K', ma, uri);
      t.check(read.sc >= 200 && read.sc <= 299, `HPUT of its own ${uri} by ${ma.srvId} answered sc ${read.sc}: its creator cannot read it (not a 2xx)`, 'K');
      t.check(read.sc === 200, `HPUT of its own ${uri} by ${ma.srvId} answered sc ${read.sc}, not 200`, 'P');
      t.check(
        sameJson(read.entries[0]?.MOData, data),
        `${ma.srvId} reads ${JSON.stringify(read.entries[0]?.MOData)} from its ${uri}, not what it wrote ${JSON.stringify(data)}`,
        'K',
      );
      const changed = `rewritten by ${ma.srvId}`;
      const s = await writeAs(t, ma, `${uri}/Name`, changed);
      t.check(s.sc >= 200 && s.sc <= 299, `HGET into its own ${uri}/Name by ${ma.srvId} answered sc ${s.sc}: its creator cannot write it (not a 2xx)`, 'K');
      t.check(s.sc === 200, `HGET into its own ${uri}/Name by ${ma.srvId} answered sc ${s.sc}, not 200`, 'P');
      const now = await valueAs(t, ma, `${uri}/Name`, 'K');
      t.check(now === changed, `${ma.srvId} reads ${JSON.stringify(now)} from ${uri}/Name after rewriting it to ${JSON.stringify(changed)}`, 'K');
    }
    // The rewrites did not touch each other's instances.
    for (const { ma, uri } of owned) {
      const other = await valueAs(t, ma, `${uri}/Other`, 'K');
      t.check(other === `other of ${ma.srvId}`, `${uri}/Other of ${ma.srvId} holds ${JSON.stringify(other)} after the three MAs' writes`, 'K');
    }
    t.note(`instances of ${w}: ${owned.map((o) => `${o.ma.srvId} -> ${o.uri}`).join('; ')}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-MA-002',
    title: "No MA lists, reads, writes, deletes or executes in another MA's instance",
    requirement:
      "A client MUST keep each MA's instance from the other MAs: their `*` skips it, and an explicit HPUT (nothing sent), HGET, DELETE or EXEC of it is 403 and changes nothing (K-ACL, P-ACL, P-DETAIL; DM-HLF-011, DM-SECARIZE-001).",
    labels: ['DM-HLF-011', 'DM-HLF-012', 'DM-SECARIZE-001', 'DM-SECARIZE-002'],
    rules: ['K-ACL', 'P-ACL', 'P-DETAIL'],
    level: 'MUST',
    features: ['ACL'],
    needs: { accounts: 3 },
  },
  async (t: CaseContext) => {
    const { w, owned } = await threeOwners(t);
    for (const { ma, uri } of owned) {
      const others = owned.filter((o) => o.uri !== uri);
      const qs = await ma.run([
        ['HPUT', 'auto', `${w}/*`],
        ...others.map((o) => ['HPUT', 'auto', o.uri] as ['HPUT', string, string]),
        ...others.map(
          (o) => ['HGET', ma.publish([{ ClientURI: `${o.uri}/Name`, MOData: `taken by ${ma.srvId}` }]).url, `${o.uri}/Name`] as ['HGET', string, string],
        ),
        ...others.map((o) => ['EXEC', `${o.uri}/Name`] as ['EXEC', string]),
        ...others.map((o) => ['DELETE', o.uri] as ['DELETE', string]),
      ]);
      // Its own instance is in its `*` (so the wildcard is not empty): a 2xx and the data are K-CMD/K-ACL, the code 200 P-DETAIL.
      const [wild, ...rest] = qs;
      const n = others.length;
      const all = probeResult(t, ma, wild, 'K');
      t.check(all.sc >= 200 && all.sc <= 299, `HPUT of ${w}/* by ${ma.srvId}, which holds an instance of ${w}, answered sc ${all.sc} (not a 2xx)`, 'K');
      t.check(all.sc === 200, `HPUT of ${w}/* by ${ma.srvId} answered sc ${all.sc}, not 200`, 'P');
      const seen = new Set(all.entries.map((e) => miidOf(e.ClientURI, w)));
      t.check(seen.has(miidOf(uri, w)), `${ma.srvId}'s ${w}/* does not include its own ${uri} (control)`, 'K');
      for (const o of others) t.check(!seen.has(miidOf(o.uri, w)), `${ma.srvId}'s ${w}/* includes ${o.ma.srvId}'s ${o.uri}`, 'K');
      const rows = zip(others, rest.slice(0, n), rest.slice(n, 2 * n), rest.slice(2 * n, 3 * n), rest.slice(3 * n));
      rows.forEach(([o, putQ, hget, exec, del]) => {
        // Refused at all, nothing sent (probeResult), nothing changed (below): K-ACL; the code 403: P-ACL.
        const put = probeResult(t, ma, putQ, 'K');
        t.check(
          put.sc < 200 || put.sc > 299,
          `HPUT of ${o.ma.srvId}'s ${o.uri} by ${ma.srvId} answered sc ${put.sc}: a command without the right was accepted`,
          'K',
        );
        t.check(put.sc === 403, `HPUT of ${o.ma.srvId}'s ${o.uri} by ${ma.srvId} answered sc ${put.sc}, not 403`, 'P');
        expectRefused(t, hget, 403, `HGET into ${o.ma.srvId}'s ${o.uri}/Name by ${ma.srvId}`);
        expectRefused(t, exec, 403, `EXEC of ${o.ma.srvId}'s ${o.uri}/Name by ${ma.srvId}`);
        expectRefused(t, del, 403, `DELETE of ${o.ma.srvId}'s ${o.uri} by ${ma.srvId}`);
      });
    }
    for (const { ma, uri, data } of owned) {
      const read = await probeAs(t, 'K', ma, uri);
      t.check(
        read.sc >= 200 && read.sc <= 299 && sameJson(read.entries[0]?.MOData, data),
        `${ma.srvId}'s ${uri} reads sc ${read.sc} ${JSON.stringify(read.entries[0]?.MOData)} after the others' refused commands, not ${JSON.stringify(data)}`,
        'K',
      );
      t.check(read.sc === 200, `HPUT of its own ${uri} by ${ma.srvId} answered sc ${read.sc}, not 200`, 'P');
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-MA-003',
    title: "GET by several MAs: `*` returns each its own instance only, an explicit GET of another's is 403",
    requirement:
      "A client that supports GET MUST return to each MA only the instances it may read: `*` skips the others' instances and an explicit GET of one is 403 without data (K-ACL, P-ACL, P-GET; DM-HLF-011).",
    labels: ['DM-HLF-011', 'DM-HLF-012', 'DM-SECARIZE-001'],
    rules: ['K-ACL', 'P-ACL', 'P-GET', 'P-DETAIL'],
    level: 'MUST',
    features: ['ACL', 'GET'],
    needs: { accounts: 3 },
  },
  async (t: CaseContext) => {
    const { w, owned } = await threeOwners(t);
    for (const { ma, uri } of owned) {
      const others = owned.filter((o) => o.uri !== uri);
      const [all, ...explicit] = await ma.run([['GET', `${w}/*`], ...others.map((o) => ['GET', o.uri] as ['GET', string])]);
      // Where GET data travels (its Status, P-GET) and the Status URI contents (P-DETAIL) are the profile's.
      const s = expectSc(t, all, 200, `GET ${w}/* by ${ma.srvId}`, 'P');
      const miids = new Set([...s.URI, ...(s.Data ?? []).map((e) => e.ClientURI)].map((u) => miidOf(u, w)));
      t.check(miids.has(miidOf(uri, w)), `${ma.srvId}'s GET ${w}/* does not return its own ${uri} (control)`, 'P');
      const dataMiids = new Set((s.Data ?? []).map((e) => miidOf(e.ClientURI, w)));
      for (const o of others) t.check(!dataMiids.has(miidOf(o.uri, w)), `${ma.srvId}'s GET ${w}/* returns the data of ${o.ma.srvId}'s ${o.uri}`, 'K');
      for (const o of others)
        t.check(!miids.has(miidOf(o.uri, w)), `${ma.srvId}'s GET ${w}/* names ${o.ma.srvId}'s ${o.uri} in its Status URI [${s.URI.join(', ')}]`, 'P');
      zip(others, explicit).forEach(([o, q]) => {
        const e = expectRefused(t, q, 403, `GET of ${o.ma.srvId}'s ${o.uri} by ${ma.srvId}`);
        t.check(!e.Data?.length, `the ${e.sc} to ${ma.srvId}'s GET of ${o.uri} carried data`, 'K');
      });
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-MA-004',
    title: "Each MA's Package#1 MOS lists its own instance and none of the others'",
    requirement:
      "A client MUST list in each server's Package#1 MOS only the instances that server may read: its own, not another MA's (K-ACL, K-FLOW; DM-HLF-011, DM-HLF-012).",
    labels: ['DM-HLF-011', 'DM-HLF-012', 'DM-SECARIZE-001'],
    rules: ['K-ACL', 'K-FLOW', 'P-ACL'],
    level: 'MUST',
    features: ['ACL'],
    needs: { accounts: 3 },
  },
  async (t: CaseContext) => {
    // Which instances a Package#1 MOS lists is not stated by K-FLOW (only its shape) nor K-ACL (rights on
    // commands): the MOS checks rest on the profile (P-ACL, the (ours) K-ADDR clarification on MOID//).
    const { w, owned } = await threeOwners(t);
    for (const { ma, uri } of owned) {
      // A session opened after all three instances exist (its read is not what this case judges).
      await probe(t, ma, `${uri}/Name`);
      const listed = lastMos(ma, w);
      t.check(mosLists(ma, w, uri), `${ma.srvId}'s Package#1 MOS lists [${listed.join(', ')}] for ${w}, not its own ${uri} (control)`);
      for (const o of owned.filter((x) => x.uri !== uri)) {
        t.check(!mosLists(ma, w, o.uri), `${ma.srvId}'s Package#1 MOS lists ${o.ma.srvId}'s ${o.uri}`);
      }
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-MA-005',
    title: 'A server whose Perm does not list an MO cannot create instances of it; one whose Perm does, can',
    requirement:
      "A client MUST let a server create instances only of the MOs its DMAcc Perm lists: another server's HGET creating one, with or without a ClientURI, is 403 and creates nothing (K-ACL, P-ACL; DM-HLF-009, DM-HLF-020).",
    labels: ['DM-HLF-009', 'DM-HLF-020', 'DM-HLF-012'],
    rules: ['K-ACL', 'P-ACL'],
    level: 'MUST',
    features: ['ACL'],
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const [a, n] = await authorities(t, 2, { perm: (i, defaults) => (i === 1 ? defaults.filter((p) => p.moid !== w) : undefined) });
    const mine = await createInstance(t, a, w, t.uniqueName('permitted'), { Name: 'by the permitted MA' });
    const named = `${w}/${t.uniqueName('unpermitted')}`;
    const [fresh, byName] = await n.run([
      ['HGET', n.publish([{ ClientURI: w, MOData: { Name: 'not permitted' } }]).url],
      ['HGET', n.publish([{ ClientURI: named, MOData: { Name: 'not permitted' } }]).url, named],
    ]);
    // K-ACL: the bootstrap's Perm lists the MOIDs a server may manage; 403 is P-ACL's code.
    expectRefused(t, fresh, 403, `HGET creating a ${w} instance by ${n.srvId}, whose Perm does not list ${w}`);
    expectRefused(t, byName, 403, `HGET creating ${named} by ${n.srvId}, whose Perm does not list ${w}`);
    // What a server creates it owns and reads: had anything been made, n would see it.
    const seenByN = await probeAs(t, 'K', n, `${w}/*`);
    t.check(
      seenByN.entries.length === 0,
      `${n.srvId}'s ${w}/* answered sc ${seenByN.sc} with ${JSON.stringify(seenByN.entries)}: the refused HGETs made an instance`,
      'K',
    );
    t.check(seenByN.sc === 200, `${n.srvId}'s ${w}/* answered sc ${seenByN.sc}, not 200 with nothing (a wildcard matching nothing readable)`, 'P');
    const seenByA = await probeAs(t, 'K', a, `${w}/*/Name`);
    t.check(
      seenByA.entries.length === 1 && seenByA.entries[0]?.ClientURI === `${mine}/Name`,
      `${a.srvId} reads ${JSON.stringify(seenByA.entries)} under ${w}/*/Name: the refused HGETs made an instance, or its own is missing`,
      'K',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-MA-006',
    title: 'A server whose Perm does not list DevInfo cannot read the device-made DevInfo instance',
    requirement:
      "A client MUST open a device-made instance only to the servers whose Perm lists its MO: another server's `*` skips it, its explicit HPUT is 403 with nothing sent, and its Package#1 MOS does not list it (K-ACL, P-ACL; DM-HLF-009, DM-HLF-020).",
    labels: ['DM-HLF-009', 'DM-HLF-020', 'DM-SECARIZE-002'],
    rules: ['K-ACL', 'P-ACL', 'K-FLOW', 'K-DDF'],
    level: 'MUST',
    features: ['ACL'],
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const [a, n] = await authorities(t, 2, { perm: (i, defaults) => (i === 1 ? defaults.filter((p) => p.moid !== MOID.DEVINFO) : undefined) });
    const devInfo = await onlyInstance(t, a, MOID.DEVINFO, 'K');
    // What a Package#1 MOS lists is the profile's (P-ACL), not K-FLOW's (its shape only).
    t.check(lastMos(a, MOID.DEVINFO).length > 0, `${a.srvId}'s Package#1 MOS does not list DevInfo, which its Perm lists (control)`, 'P');
    const [all, explicit] = await n.run([
      ['HPUT', 'auto', `${MOID.DEVINFO}/*`],
      ['HPUT', 'auto', devInfo],
    ]);
    // Nothing sent to a server whose Perm does not list the MO: K-ACL; 200 for the empty wildcard and 403: the profile's.
    const wide = probeResult(t, n, all, 'K');
    t.check(wide.entries.length === 0, `${n.srvId}'s HPUT of ${MOID.DEVINFO}/* answered sc ${wide.sc} with ${wide.entries.length} entries, not none`, 'K');
    t.check(wide.sc === 200, `${n.srvId}'s HPUT of ${MOID.DEVINFO}/* answered sc ${wide.sc}, not 200 (a wildcard matching nothing readable)`, 'P');
    const direct = probeResult(t, n, explicit, 'K');
    t.check(direct.sc < 200 || direct.sc > 299, `${n.srvId}'s HPUT of ${devInfo} answered sc ${direct.sc}: a command without the right was accepted`, 'K');
    t.check(direct.sc === 403, `${n.srvId}'s HPUT of ${devInfo} answered sc ${direct.sc}, not 403`, 'P');
    t.check(
      lastMos(n, MOID.DEVINFO).length === 0,
      `${n.srvId}'s Package#1 MOS lists DevInfo [${lastMos(n, MOID.DEVINFO).join(', ')}] though its Perm does not`,
      'P',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-MA-007',
    title: 'A Perm entry with rights R opens a device-made instance for reading but not for EXEC',
    requirement:
      'A client MUST give a server on a device-made instance the rights of its Perm entry for that MO: with R only, it reads the instance and its EXEC is 403, while a server with RWE executes (K-ACL, P-ACL; DM-HLF-009, DM-HLF-020).',
    labels: ['DM-HLF-009', 'DM-HLF-020'],
    rules: ['K-ACL', 'P-ACL'],
    level: 'MUST',
    features: ['ACL'],
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const node = ixitNode(t, 'execNode');
    const parsed = parseClientUri(node);
    if (!parsed.ok || parsed.value.instance?.kind !== 'miid') t.notApplicable(`the IXIT execNode ${node} does not name a concrete instance`);
    const moid = parsed.value.moid;
    const instance = `${moid}/${encodeURIComponent(parsed.value.instance.miid)}`;
    const a = await HarnessServer.start(t, { srvId: t.uniqueName('ma-rwe') });
    const r = await HarnessServer.start(t, { srvId: t.uniqueName('ma-r'), perm: [{ moid, rights: 'R' }] });
    await a.bootstrap([r]);
    const [read, exec] = await r.run([
      ['HPUT', 'auto', instance],
      ['EXEC', node],
    ]);
    // A server whose Perm lists the MO manages its device-made instance (K-ACL): it reads it (K-CMD); the
    // code 200 and what the Rights letters allow (R without E) are the profile's (P-ACL, P-DETAIL).
    const seen = probeResult(t, r, read, 'K');
    t.check(
      seen.sc >= 200 && seen.sc <= 299 && seen.entries.length === 1,
      `HPUT of ${instance} by ${r.srvId}, whose Perm lists ${moid}, answered sc ${seen.sc} with ${seen.entries.length} entries, not a 2xx with one`,
      'K',
    );
    t.check(seen.sc === 200, `HPUT of ${instance} by ${r.srvId} (Perm R) answered sc ${seen.sc}, not 200`, 'P');
    expectSc(t, exec, 403, `EXEC of ${node} by ${r.srvId}, whose Perm gives ${moid} only R`, 'P');
    const [control] = await a.run([['EXEC', node]]);
    expectSc(t, control, [200, 202], `EXEC of ${node} by ${a.srvId}, whose Perm gives ${moid} RWE (control)`, 'P');
  },
);
