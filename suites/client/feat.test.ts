/** Feature discovery (P-FEAT; DM-HLF-019, DM-HLF-003): the features MO against the ICS and the device's behaviour. */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { expectSc } from '../../harness/conformance/fixtures/client/status.ts';
import { onlyInstance, readViaHput } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { claims, ICS_FEATURES } from '../../harness/conformance/ics.ts';
import { CaseVerdict } from '../../harness/conformance/verdict.ts';
import { MOID } from '../../harness/protocol/moids.ts';

/** The features MO as the IUT reports it (read by HPUT, so GET support does not matter). */
async function featuresMo(t: CaseContext, srv: HarnessServer): Promise<{ uri: string; data: Record<string, unknown> }> {
  const uri = await onlyInstance(t, srv, MOID.FEATURES);
  const read = await readViaHput(t, srv, [uri], 'the features MO');
  const data = read.entries[0]?.MOData;
  if (!data || typeof data !== 'object' || Array.isArray(data)) t.fail(`the features MO reads as ${JSON.stringify(data)}, not an object of feature leaves`);
  return { uri, data: data as Record<string, unknown> };
}

defineCase(
  {
    id: 'DMCTS-C-FEAT-001',
    title: 'The features MO agrees with the ICS: each claimed feature true, each other false or absent',
    requirement:
      'A client MUST report in the features MO each optional feature it implements as true and no other as true; a feature claimed in the ICS and missing there, or the reverse, is a failure (P-FEAT; DM-HLF-019).',
    labels: ['DM-HLF-019'],
    rules: ['P-FEAT', 'K-TREE'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const { data } = await featuresMo(t, srv);
    const problems: string[] = [];
    for (const f of ICS_FEATURES) {
      t.useIcsItem(`features.${f}`);
      const value = data[f];
      if (value !== undefined && typeof value !== 'boolean') problems.push(`${f} is ${JSON.stringify(value)}, not a bool`);
      else if (claims(t.ics, f) && value !== true) problems.push(`the ICS claims ${f} but the features MO says ${JSON.stringify(value ?? 'nothing')}`);
      else if (!claims(t.ics, f) && value === true) problems.push(`the features MO says ${f}=true but the ICS does not claim it`);
    }
    t.check(problems.length === 0, problems.join('; '));
  },
);

defineCase(
  {
    id: 'DMCTS-C-FEAT-002',
    title: 'SHOW behaves as the features MO says (UI and SHOW)',
    requirement:
      'A client MUST answer SHOW with 200 when its features MO says UI and SHOW are true, and with 501 otherwise (P-FEAT, P-DETAIL; DM-HLF-003, DM-HLF-019).',
    labels: ['DM-HLF-003', 'DM-HLF-019'],
    rules: ['P-FEAT', 'P-DETAIL', 'K-CMD'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const { data } = await featuresMo(t, srv);
    const canShow = data.UI === true && data.SHOW === true;
    const [q] = await srv.run([['SHOW', `${srv.url}/show/${t.uniqueName('page')}`]]);
    expectSc(t, q, canShow ? 200 : 501, `SHOW on a device whose features MO says UI=${String(data.UI)}, SHOW=${String(data.SHOW)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FEAT-003',
    title: 'The features MO lists DM 2.0 and the media types the client speaks',
    requirement:
      'A client SHOULD list "2.0" in the features MO Versions and, in MediaTypes, the JSON package and MO types, and the CBOR ones exactly when it claims CBOR (ours: P-FEAT).',
    labels: ['DM-HLF-019'],
    rules: ['P-FEAT', 'P-CBOR'],
    level: 'SHOULD',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const { data } = await featuresMo(t, srv);
    const versions = typeof data.Versions === 'string' ? data.Versions.split(',').map((v) => v.trim()) : [];
    if (!versions.includes('2.0')) t.warn(`the features MO Versions is ${JSON.stringify(data.Versions)}: no "2.0"`);
    const types = typeof data.MediaTypes === 'string' ? data.MediaTypes.split(',').map((v) => v.trim().toLowerCase()) : [];
    const kinds = ['initiation', 'request', 'response', 'mo'];
    const missing = kinds.map((k) => `application/vnd.oma.dm.${k}+json`).filter((m) => !types.includes(m));
    if (missing.length > 0) t.warn(`the features MO MediaTypes lacks ${missing.join(', ')}`);
    t.useIcsItem('features.CBOR');
    const cbor = kinds.map((k) => `application/vnd.oma.dm.${k}+cbor`).filter((m) => types.includes(m));
    if (claims(t.ics, 'CBOR') && cbor.length < kinds.length) t.warn(`the ICS claims CBOR but MediaTypes lists only ${cbor.join(', ') || 'no'} CBOR types`);
    t.check(claims(t.ics, 'CBOR') || cbor.length === 0, `the ICS does not claim CBOR but MediaTypes lists ${cbor.join(', ')}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FEAT-004',
    title: 'A server cannot change what the features MO reports',
    requirement:
      'A client MUST refuse (405, or 403 without the right) a change of a features MO leaf, whose value the device alone decides (ours: K-TREE, P-FEAT).',
    labels: ['DM-HLF-019'],
    rules: ['P-FEAT', 'K-TREE', 'P-ACL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t, { perm: [{ moid: MOID.FEATURES, rights: 'RW' }] });
    const { uri, data } = await featuresMo(t, srv);
    const content = srv.publish([{ ClientURI: `${uri}/GET`, MOData: !data.GET }]);
    const [q] = await srv.run([['HGET', content.url, `${uri}/GET`]]);
    expectSc(t, q, [403, 405], `HGET that flips ${uri}/GET`);
    const after = await featuresMo(t, srv);
    t.check(after.data.GET === data.GET, `the features MO GET leaf changed from ${String(data.GET)} to ${String(after.data.GET)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FEAT-005',
    title: 'The device holds as many management accounts as its ICS claims, each serving its own server',
    requirement:
      'A client MUST hold the management accounts its ICS claims (capacities.accounts, up to 4 tried) at once, each server opening its own sessions and reading what its Perm allows; a claim the device does not keep is a failure (K-ACL, P-ACL).',
    labels: ['DM-HLF-012'],
    rules: ['K-ACL', 'P-ACL', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const claimed = t.ics.capacities?.accounts;
    t.useIcsItem('capacities.accounts');
    if (claimed === undefined) t.notApplicable('the ICS claims no account capacity (capacities.accounts): there is no claim to check');
    const n = Math.min(claimed, 4);
    const servers: HarnessServer[] = [];
    for (let i = 0; i < n; i++) servers.push(await HarnessServer.start(t));
    const [first, ...others] = servers;
    if (!first) throw new Error(`no harness server for ${n} accounts`);
    await first.bootstrap(others);
    for (const [i, srv] of servers.entries()) {
      // The public fact: each account's server gets a session of its own and can read what Perm gives it.
      let read: Awaited<ReturnType<typeof readViaHput>>;
      try {
        read = await readViaHput(t, srv, [`${MOID.FEATURES}/*`], `the features MO, as ${srv.srvId} (account ${i + 1} of ${n})`, 'K');
      } catch (error) {
        // The device took the N accounts at bootstrap; one it cannot then serve contradicts its claim.
        if (i > 0 && error instanceof CaseVerdict && error.verdict === 'INCONC')
          t.fail(
            `the ICS claims ${claimed} management accounts and the device took ${n} at bootstrap, but it could not serve account ${i + 1} (${srv.srvId}): ${error.reason}`,
            'P',
          );
        throw error;
      }
      t.check(
        read.entries.length > 0,
        `with ${n} accounts bootstrapped (the ICS claims ${claimed}), ${srv.srvId} read no features MO instance: the device did not keep its account`,
        'K',
      );
    }
  },
);
