/**
 * HTTP errors in a session (K-FLOW): an HTTP 4xx/5xx answer to a Package#1 or Package#3, or an answer
 * that is not a Package#2, aborts the session without a retry; a later session still works. The
 * harness answers through a front (fixtures/client/harness-front.ts).
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { type FrontReply, type FrontRequest, HarnessFront } from '../../../harness/conformance/fixtures/client/harness-front.ts';
import { expectDone } from '../../../harness/conformance/fixtures/client/status.ts';
import { expectNothingArrives } from '../../../harness/conformance/fixtures/verify.ts';
import { quiet } from '../../../harness/conformance/fixtures/waits.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

/** A harness server behind a harness front that the IUT is bootstrapped with. */
async function frontedServer(t: CaseContext) {
  const { front, srv } = await HarnessFront.withServer(t, { name: 'session front' });
  await srv.bootstrap();
  return { front, srv };
}

/**
 * A session whose first Package#3 the harness answers itself with `reply`; then a window in which
 * nothing more may arrive from the IUT (no retry). `after` words what did arrive.
 */
async function package3AnsweredWith(
  t: CaseContext,
  reply: FrontReply,
  commands: ReadonlyArray<readonly ['HPUT', string, string]>,
  what: string,
  after: (sent: string) => string,
  basis?: 'K' | 'P',
) {
  const { front, srv } = await frontedServer(t);
  front.answerOnce((req) => req.method === 'POST' && req.path.startsWith('/dm/s/'), reply);
  for (const command of commands) srv.queue([...command]);
  await srv.startSession();
  t.step(`wait for the Package#3 the harness answers with ${what}`);
  const hit = await front.waitFor((r) => r.path.startsWith('/dm/s/'), t.ixit.timeouts.sessionMs);
  if (!hit) return t.fail('the IUT sent no Package#3');
  await expectNothingArrives(
    t,
    () => front.requests.slice(hit.index + 1),
    (sent) => after(requestList(sent)),
    basis,
    2,
  );
  return { front, srv };
}

/** Requests as the reasons name them, session tokens hidden. */
function requestList(requests: readonly FrontRequest[]): string {
  return requests.map((r) => `${r.method} ${r.path.replace(/\/dm\/s\/.*/, '/dm/s/<token>')}`).join(', ');
}

defineCase(
  {
    id: 'DMCTS-C-FLOW-011',
    title: 'HTTP 500 to a Package#3 aborts the session without retry',
    requirement: 'A client MUST abort the session on an HTTP 4xx/5xx answer to its Package#3 and MUST NOT retry it (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { front, srv } = await package3AnsweredWith(
      t,
      { status: 500, headers: { 'content-type': 'text/plain' }, body: Buffer.from('injected by the harness\n') },
      [
        ['HPUT', 'auto', `${MOID.DEVINFO}//DevID`],
        ['HPUT', 'auto', `${MOID.DEVINFO}//Man`],
      ],
      '500',
      (sent) => `after the HTTP 500 the IUT sent ${sent}: the session was retried, not aborted`,
    );
    const before = front.requests.length;
    // A later session still works (the IUT is alive and did not queue a retry for it).
    const [control] = await srv.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    expectDone(t, control, 'HPUT in the control session');
    const dmPostsSeen = front.requests.slice(before).filter((r) => r.path === '/dm').length;
    t.check(dmPostsSeen === 1, `the control session brought ${dmPostsSeen} Package#1s, not 1 (a retried session?)`);
    t.check(
      front.requestsTo(/^\/dm\/s\//).length === 2,
      `Package#3s seen: ${front.requestsTo(/^\/dm\/s\//).length}, expected 2 (the one answered 500 and the control's)`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-012',
    title: 'HTTP 503 to a Package#1 aborts the session without retry',
    requirement: 'A client MUST abort the session on an HTTP 4xx/5xx answer to its Package#1 and MUST NOT retry it (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { front, srv } = await frontedServer(t);
    front.answerOnce((req) => req.method === 'POST' && req.path === '/dm', {
      status: 503,
      headers: { 'content-type': 'text/plain', 'retry-after': '0' },
      body: Buffer.from('injected by the harness\n'),
    });
    await srv.startSession();
    t.step('wait for the Package#1 the harness answers with 503');
    const hit = await front.waitFor((r) => r.path === '/dm', t.ixit.timeouts.sessionMs);
    if (!hit) return t.fail('the IUT sent no Package#1');
    await quiet(t, 2);
    t.check(
      front.requests.length === 1,
      `after the HTTP 503 the IUT sent ${front.requests.length - 1} more request(s) (${front.requests
        .slice(1)
        .map((r) => `${r.method} ${r.path}`)
        .join(', ')}): it retried`,
    );
    const [control] = await srv.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    expectDone(t, control, 'HPUT in the control session');
    t.check(front.requestsTo('/dm').length === 2, `${front.requestsTo('/dm').length} Package#1s in all, expected 2 (the refused one and the control's)`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-014',
    title: 'An answer that is not a Package#2 ends the session without retry',
    requirement:
      'A client MUST abort the session when the answer to its Package#3 is not a Package#2, and MUST NOT retry it (K-FLOW; ours: an undecodable answer counts as an HTTP error).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    // An answer that is not a Package#2 aborting like an HTTP error is the (ours) K-FLOW clarification.
    const { srv } = await package3AnsweredWith(
      t,
      { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from('<html><body>captive portal</body></html>\n') },
      [['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]],
      'HTML',
      (sent) => `after an HTML answer to its Package#3 the IUT sent ${sent}`,
      'P',
    );
    const [control] = await srv.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    expectDone(t, control, 'HPUT in the control session');
  },
);
