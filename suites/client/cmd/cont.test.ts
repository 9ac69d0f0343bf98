/**
 * CONT (K-CMD, K-FLOW, P-SESSION): 200 with no URI, the latest CONT of a Package#2 decides where the
 * Package#3 goes, whatever path its URI has.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessFront } from '../../../harness/conformance/fixtures/client/harness-front.ts';
import { expectDone, expectSc } from '../../../harness/conformance/fixtures/client/status.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { expectNoUris } from '../../../harness/conformance/fixtures/verify.ts';
import { waitUntil } from '../../../harness/conformance/fixtures/waits.ts';
import { decodeValue, encodeBody } from '../../../harness/protocol/body-codec.ts';
import { parseMediaType } from '../../../harness/protocol/media-types.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-C-CMD-040',
    title: 'CONT answers 200 with no URI, and the last CONT of a package decides where the Package#3 goes',
    requirement: 'A client MUST answer CONT with 200 and an empty URI list and send every later Package#3 to the URI of the latest CONT (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL', 'P-SESSION'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const stray = await HarnessFront.start(t, { name: 'superseded CONT target' });
    const cont = srv.queue(['CONT', `${stray.url}/dm/s/superseded`]);
    const put = srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]);
    await srv.startSession();
    t.step('wait for the Package#3');
    await waitUntil(() => stray.requests.length > 0 || (cont.state === 'done' && put.state === 'done'), t.ixit.timeouts.sessionMs);
    t.check(
      stray.requests.length === 0,
      `the IUT sent its Package#3 to the URI of a CONT that a later CONT superseded (${stray.requests.map((r) => `${r.method} ${r.path}`).join(', ')})`,
    );
    await srv.settle([cont, put]);
    const s = expectSc(t, cont, 200, 'CONT');
    expectNoUris(t, s.URI, 'the CONT Status');
    expectDone(t, put, 'HPUT after the CONT');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-041',
    title: 'The Package#3 goes to a CONT URI on a path the client could not guess',
    requirement: 'A client MUST send the Package#3 to whatever ServerURI the CONT names (K-CMD).',
    labels: ['DM-HLF-008'],
    rules: ['K-CMD', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { front, srv } = await HarnessFront.withServer(t, { name: 'relay front' });
    const relay = `/relay/${t.uniqueName('r')}/`;
    front.hooks.onRequest = (req) => (req.path.startsWith(relay) ? { path: `/dm/s/${req.path.slice(relay.length)}` } : undefined);
    front.hooks.onResponse = (_req, res) => {
      const type = parseMediaType(res.headers['content-type']);
      if (type?.kind !== 'request') return;
      const p2 = decodeValue(res.body, type.encoding);
      if (!p2.ok) return;
      const cmds = (p2.value as { CMD: unknown[][] }).CMD;
      for (const c of cmds) if (c[0] === 'CONT' && typeof c[1] === 'string') c[1] = c[1].replace(`${front.url}/dm/s/`, `${front.url}${relay}`);
      return { ...res, body: encodeBody(p2.value, type.encoding) };
    };
    await srv.bootstrap();
    const q = srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]);
    await srv.startSession();
    t.step('wait for the Package#3');
    await waitUntil(
      () => front.requests.some((r) => r.method === 'POST' && r.path !== '/dm' && !r.path.startsWith('/recv/')) || front.requestsTo('/dm').length > 1,
      t.ixit.timeouts.sessionMs,
    );
    const p3 = front.requests.filter((r) => r.method === 'POST' && !r.path.startsWith('/recv/')).slice(1);
    const next = t.need(p3[0], 'the IUT sent nothing after the Package#1');
    t.check(next.path.startsWith(relay), `the Package#3 went to ${next.path.replace(/\/dm\/s\/.*/, '/dm/s/<token>')}, not to the CONT URI ${relay}<token>`);
    await srv.settle([q]);
    expectDone(t, q, 'HPUT in a session continued at the relay URI');
  },
);
