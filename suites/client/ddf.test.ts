/**
 * DM 1.x DDFs (K-DDF; DM-HLF-027 DM 1.x structures): the standard MO instances a client lists conform
 * to the DDFs dmcts ships (vectors/ddf: DevInfo, DevDetail, FUMO, SCOMO), and a leaf whose DDF
 * AccessType lacks Replace cannot be changed, even by a server holding the Write right.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { CONFORMANCE_DDFS, ddfProblems, irreplaceableLeaves, shippedDefinition } from '../../harness/conformance/fixtures/client/ddf-conformance.ts';
import { lastMos } from '../../harness/conformance/fixtures/client/delegation.ts';
import { expectRefused } from '../../harness/conformance/fixtures/client/status.ts';
import { onlyInstance, readViaHput } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { MOID } from '../../harness/protocol/moids.ts';

/** An instance's MOData as an object of its children; anything else the IUT sent counts as no children. */
const asRecord = (data: unknown): Record<string, unknown> =>
  typeof data === 'object' && data !== null && !Array.isArray(data) && !(data instanceof Uint8Array) ? (data as Record<string, unknown>) : {};

defineCase(
  {
    id: 'DMCTS-C-DDF-001',
    title: 'The standard MO instances a client lists conform to their DM 1.x DDFs',
    requirement:
      'A client MUST keep each standard MO it lists (DevInfo at least; DevDetail, FUMO, SCOMO when present) as its DDF describes it: every mandatory node present, no node the DDF does not define at a fixed name, each value of its format (K-DDF, K-TREE; DM-HLF-027).',
    labels: ['DM-HLF-027'],
    rules: ['K-DDF', 'K-TREE'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const defs = CONFORMANCE_DDFS.map((file) => ({ file, def: shippedDefinition(file) }));
    const srv = await HarnessServer.bootstrapped(t, { perm: defs.filter((d) => d.def.moid !== MOID.DEVINFO).map((d) => ({ moid: d.def.moid, rights: 'R' })) });
    // A first session, so the IUT's Package#1 lists the MOs it has (K-FLOW: MOS).
    await onlyInstance(t, srv, MOID.DEVINFO, 'K');
    for (const { file, def } of defs) {
      const miids = lastMos(srv, def.moid);
      if (def.moid === MOID.DEVINFO) t.check(miids.length > 0, `the Package#1 MOS does not list DevInfo (${def.moid})`, 'K');
      if (miids.length === 0) {
        t.note(`${def.moid} (${file}): not listed, not checked`);
        continue;
      }
      t.step(`read ${def.moid}`);
      const uris = miids.map((m) => `${def.moid}/${encodeURIComponent(m)}`);
      const read = await readViaHput(t, srv, uris, `the ${def.moid} instances`, 'K');
      t.check(read.entries.length === uris.length, `HPUT of ${uris.join(' ')} sent ${read.entries.length} entries, not ${uris.length}`, 'K');
      // DevInfo's node list is a public fact (K-DDF); the other DDFs are dmcts's readings of the enablers,
      // and a value's JSON form on the wire is the (ours) K-TREE clarification: both P.
      const layout = def.moid === MOID.DEVINFO ? 'K' : 'P';
      for (const entry of read.entries) {
        const problems = ddfProblems(def.root, entry.MOData, entry.ClientURI);
        const structural = problems.filter((p) => p.kind !== 'format').map((p) => p.text);
        const formats = problems.filter((p) => p.kind === 'format').map((p) => p.text);
        t.check(structural.length === 0, `${entry.ClientURI} does not have the layout of ${file}: ${structural.join('; ')}`, layout);
        t.check(formats.length === 0, `${entry.ClientURI} holds values not of their DDF format: ${formats.join('; ')}`, 'P');
      }
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-DDF-002',
    title: 'A leaf whose DDF AccessType lacks Replace is not changed, even by a server holding Write (405)',
    requirement:
      'A client MUST refuse a change of a leaf whose DDF AccessType lacks Replace (DevInfo DevID, Man, Mod, DmV, Lang, ...), even from a server holding the Write right, and keep its value (K-DDF; ours: the code is 405, K-TREE).',
    labels: ['DM-HLF-027'],
    rules: ['K-DDF', 'K-TREE'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const def = shippedDefinition('devinfo.ddf');
    const srv = await HarnessServer.bootstrapped(t, { perm: [{ moid: MOID.DEVINFO, rights: 'RW' }] });
    const uri = await onlyInstance(t, srv, MOID.DEVINFO, 'K');
    const before = await readViaHput(t, srv, [uri], 'DevInfo before', 'K');
    const was = asRecord(before.entries[0]?.MOData);
    const leaves = t.need(
      ((l) => (l.length > 0 ? l : undefined))(irreplaceableLeaves(def).filter((n) => n in was)),
      `DevInfo holds none of the leaves its DDF gives no Replace: ${JSON.stringify(was)}`,
      'K',
    );
    const forged = t.uniqueName('forged');
    t.step('HGET into read-only leaves');
    const results = await srv.runEach(leaves, (n) => {
      const content = srv.publish([{ ClientURI: `${uri}/${n}`, MOData: forged }]);
      return ['HGET', content.url, `${uri}/${n}`];
    });
    // The refusal is K-DDF (the DDF gives no Replace); its code 405 is the (ours) K-TREE clarification.
    for (const [n, q] of results) expectRefused(t, q, 405, `HGET into ${uri}/${n} (DDF AccessType without Replace) with the Write right`);
    const after = await readViaHput(t, srv, [uri], 'DevInfo after', 'K');
    const now = asRecord(after.entries[0]?.MOData);
    const changed = leaves.filter((n) => JSON.stringify(now[n]) !== JSON.stringify(was[n]));
    t.check(changed.length === 0, `${changed.map((n) => `${uri}/${n} changed from ${JSON.stringify(was[n])} to ${JSON.stringify(now[n])}`).join('; ')}`, 'K');
  },
);
