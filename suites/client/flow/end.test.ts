/**
 * END (K-FLOW, K-CMD): no Package#3 after a Package#2 that holds END, and the commands before END are
 * carried out.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { writableMoid } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { dmPosts } from '../../../harness/conformance/fixtures/client/dm-wire.ts';
import { emptySession } from '../../../harness/conformance/fixtures/client/sessions.ts';
import { carries, readViaHput } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { quiet } from '../../../harness/conformance/fixtures/waits.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-C-FLOW-009',
    title: 'No Package#3 after a Package#2 that is only END',
    requirement: 'A client MUST NOT send a Package#3 after a Package#2 holding END (K-FLOW).',
    labels: [],
    rules: ['K-FLOW', 'K-CMD'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    await emptySession(t, srv, 'the first session');
    await quiet(t);
    // The next session bounds the first one: a device that ran on would POST before opening another.
    await emptySession(t, srv, 'the second session');
    await quiet(t);
    const posts = dmPosts(srv.wire);
    const ends = posts.filter((p) => p.kind === 'package1' && p.response?.package2?.CMD.some((c) => c[0] === 'END'));
    // The harness answers END only to a Package#1 its schema takes (strictness ours): a profile check.
    t.check(ends.length === 2, `the harness server answered ${ends.length} Package#1s with END, not 2`, 'P');
    const stray = posts.filter((p) => p.kind !== 'package1' || p.package1 === undefined);
    t.check(
      stray.length === 0 && posts.length === 2,
      `besides its two Package#1s the IUT POSTed ${stray.map((p) => `${p.headers['content-type'] ?? '?'} to ${p.path.replace(/\/dm\/s\/.*/, '/dm/s/<token>')}`).join(', ')}, although every Package#2 was END`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-010',
    title: 'Commands before END are executed, and no Package#3 follows',
    requirement: 'A client MUST run the commands of a Package#2 that holds END and MUST NOT send a Package#3 for it (K-FLOW, K-CMD).',
    labels: [],
    rules: ['K-FLOW', 'K-CMD'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t);
    const uri = `${w}/${t.uniqueName('end')}`;
    const content = srv.publish([{ ClientURI: uri, MOData: { Name: 'made before END' } }]);
    const [, hput] = await srv.run([['HGET', content.url, uri], ['HPUT', 'auto', `${MOID.DEVINFO}//DevID`], ['END']]);
    t.step('wait for the HPUT sent before END to reach its receiver');
    const bodies = await srv.bodiesAtLeast(hput, 1);
    t.check(bodies.length === 1, `the HPUT before END was not executed once: its receiver got ${bodies.length} bodies`);
    t.check(carries(bodies[0]?.entries ?? [], srv.devId), `the HPUT before END delivered ${JSON.stringify(bodies[0]?.entries)}, not the DevID`);
    t.check(
      bodies[0]?.entries[0]?.MOData === srv.devId,
      `the HPUT before END delivered ${JSON.stringify(bodies[0]?.entries)}, not the DevID as its leaf's MOData (the (ours) K-TREE clarification)`,
      'P',
    );
    await quiet(t);
    const read = await readViaHput(t, srv, [uri], 'the instance HGET created before END', 'K');
    t.check(
      read.entries[0]?.ClientURI === uri && JSON.stringify(read.entries[0]?.MOData) === JSON.stringify({ Name: 'made before END' }),
      `${uri} reads back as ${JSON.stringify(read.entries)}: the HGET before END was not executed`,
    );
    const posts = dmPosts(srv.wire);
    const second = posts.findIndex((p, i) => i > 0 && p.kind === 'package1' && p.package1?.MOS !== undefined);
    const stray = posts.slice(1, second < 0 ? posts.length : second);
    t.check(
      stray.length === 0,
      `after the Package#2 that held END the IUT POSTed ${stray.map((p) => `${p.headers['content-type'] ?? '?'} to ${p.path.replace(/\/dm\/s\/.*/, '/dm/s/<token>')}`).join(', ')}`,
    );
  },
);
