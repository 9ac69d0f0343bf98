/**
 * The commands that move MO data, from the server side (K-CMD): GET, HGET (into a node, or making an
 * instance), HPUT, HPOST and DELETE, each queued through the upper tester, reach the harness device
 * exactly as queued, the device carries them out (observed on the device or at the harness's own
 * ServerURIs), and the IUT records the Status the device returned.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { LABEL, runOne } from '../../../harness/conformance/fixtures/server/command-run.ts';
import { ContentHost } from '../../../harness/conformance/fixtures/server/content-host.ts';
import { percentDecoded } from '../../../harness/conformance/fixtures/uri-text.ts';
import { sameJson, show } from '../../../harness/conformance/fixtures/verify.ts';
import { CONNMO, DIAGNOSTICS_MOID as DIAG } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-S-CMD-001',
    title: "GET: the device's data comes back in the Status and is recorded",
    requirement: 'A server MUST send GET with its ClientURI and record the data the device returns in the Status entry (K-CMD, P-GET).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'P-GET'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const { result } = await runOne(t, dev, ['GET', `${DIAG}/1?fields=Label,SlowMs`]);
    const data = result.status?.Data?.[0];
    t.check(result.status?.sc === 200 && data?.ClientURI === `${DIAG}/1`, `GET is recorded as ${show(result.status)}`);
    t.check(sameJson(data?.MOData, { Label: 'diagnostics', SlowMs: 200 }), `the recorded GET data ${show(data?.MOData)} is not what the device holds`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-002',
    title: 'HGET with a ClientURI: the device fetches the ServerURI and stores the data there',
    requirement: "A server MUST send HGET ServerURI ClientURI with both parameters as queued and record the device's Status (K-CMD).",
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const value = `hget-${t.seed >>> 0}`;
    const content = host.publish([{ ClientURI: LABEL, MOData: value }]);
    const { result } = await runOne(t, dev, ['HGET', content.url, LABEL]);
    t.check(host.fetches(content.id).length === 1, `the device fetched the HGET ServerURI ${host.fetches(content.id).length} times, not once`, 'K');
    t.check(
      dev.local(DIAG, '1', ['Label']).value === value,
      `the device holds Label ${show(dev.local(DIAG, '1', ['Label']).value)}, not the fetched "${value}"`,
      'K',
    );
    t.check(result.status?.sc === 200, `HGET is recorded as ${show(result.status)}, not sc 200`, 'K');
    // The Status URI contents are the profile's (P-DETAIL).
    t.check(sameJson(result.status?.URI, [LABEL]), `HGET is recorded with URI ${show(result.status?.URI)}, not [${LABEL}]`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-003',
    title: 'HGET without a ClientURI: the device creates the instance and the server records its URI',
    requirement: 'A server MUST send HGET with only a ServerURI and record the URIs of the instances the device created, from its Status (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const name = `apn-${t.seed >>> 0}`;
    const content = host.publish([{ ClientURI: CONNMO, MOData: { Name: name } }]);
    const { result } = await runOne(t, dev, ['HGET', content.url]);
    // K: HGET fetches and stores — the device made an instance of the fetched data, whatever its Status names.
    const made = dev.instancesOf(CONNMO).filter((m) => dev.local(CONNMO, m, ['Name']).value === name);
    t.check(made.length === 1, `the device holds ${made.length} ConnMO instances named "${name}" after the HGET, not one`, 'K');
    t.check(result.status?.sc === 200, `HGET is recorded as ${show(result.status)}, not sc 200`, 'K');
    const uri = result.status?.URI[0] ?? '';
    // undefined when the URI the IUT recorded is not valid percent-encoding.
    const miid = percentDecoded(uri.slice(CONNMO.length + 1));
    // P-DETAIL: the Status URI names the instance made.
    t.check(
      uri.startsWith(`${CONNMO}/`) && result.status?.URI.length === 1 && miid !== undefined && dev.local(CONNMO, miid, ['Name']).value === name,
      `HGET is recorded with URI ${show(result.status?.URI)}, not the one new ConnMO instance named "${name}"`,
      'P',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-004',
    title: 'HPUT: the device PUTs the named data to the ServerURI',
    requirement: "A server MUST send HPUT ServerURI ClientURI as queued and record the device's Status (K-CMD).",
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'K-TREE'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const recv = host.receiver();
    const { result } = await runOne(t, dev, ['HPUT', recv.url, LABEL]);
    const got = host.received(recv.id);
    const put = t.need(
      got.length === 1 && got[0]?.method === 'PUT' ? got[0] : undefined,
      `the ServerURI received ${show(got.map((g) => g.method))}, not one PUT`,
    );
    t.check(
      sameJson(
        put.entries?.map((e) => [e.ClientURI, e.MOData]),
        [[LABEL, 'diagnostics']],
      ),
      `the PUT carried ${show(put.entries)}, not the Label node`,
    );
    t.check(result.status?.sc === 200, `HPUT is recorded as ${show(result.status)}, not sc 200`);
    t.check(
      sameJson(result.status?.URI, [LABEL]),
      `HPUT is recorded with URI ${show(result.status?.URI)}, not [${LABEL}] (Status URI contents: P-DETAIL)`,
      'P',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-005',
    title: 'HPOST with two ClientURIs: the device POSTs both, the parameters stay in order',
    requirement: "A server MUST send HPOST ServerURI ClientURI... with every ClientURI in the queued order and record the device's Status (K-CMD).",
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'K-TREE'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const recv = host.receiver();
    const uris = [`${DIAG}/1/SlowMs`, LABEL];
    const { result } = await runOne(t, dev, ['HPOST', recv.url, ...uris]);
    const got = host.received(recv.id);
    const post = t.need(
      got.length === 1 && got[0]?.method === 'POST' ? got[0] : undefined,
      `the ServerURI received ${show(got.map((g) => g.method))}, not one POST`,
    );
    t.check(
      sameJson(
        post.entries?.map((e) => [e.ClientURI, e.MOData]),
        [
          [uris[0], 200],
          [uris[1], 'diagnostics'],
        ],
      ),
      `the POST carried ${show(post.entries)}, not SlowMs then Label`,
    );
    t.check(result.status?.sc === 200, `HPOST is recorded as ${show(result.status)}, not sc 200`);
    t.check(
      sameJson(result.status?.URI, uris),
      `HPOST is recorded with URI ${show(result.status?.URI)}, not ${show(uris)} (Status URI contents: P-DETAIL)`,
      'P',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-006',
    title: 'DELETE: the device removes the instance and the server records it',
    requirement: "A server MUST send DELETE ClientURI as queued and record the device's Status (K-CMD).",
    labels: [],
    rules: ['K-CMD', 'K-TREE'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    // The server creates the instance first (HGET), so it owns it and may delete it (K-ACL).
    const created = await runOne(t, dev, ['HGET', host.publish([{ ClientURI: CONNMO, MOData: { Name: 'to-delete' } }]).url]);
    const uri = created.result.status?.URI[0];
    if (!uri)
      t.inconclusive(`precondition: the IUT's HGET that should make the instance to delete is recorded as ${show(created.result.status)}, naming no instance`);
    const miid = percentDecoded(uri.slice(CONNMO.length + 1));
    if (miid === undefined)
      t.inconclusive(`precondition: the IUT recorded its HGET with URI ${uri}, which is not valid percent-encoding: no instance it names can be deleted`);
    if (!dev.local(CONNMO, miid).exists) t.inconclusive(`precondition: the device has no ${uri}, the instance the IUT's HGET should have made`);
    const { result } = await runOne(t, dev, ['DELETE', uri]);
    t.check(!dev.local(CONNMO, miid).exists, `${uri} is still on the device after DELETE`);
    t.check(result.status?.sc === 200, `DELETE is recorded as ${show(result.status)}, not sc 200`);
    t.check(sameJson(result.status?.URI, [uri]), `DELETE is recorded with URI ${show(result.status?.URI)}, not [${uri}] (Status URI contents: P-DETAIL)`, 'P');
  },
);
