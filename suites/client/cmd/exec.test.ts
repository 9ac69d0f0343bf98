/**
 * EXEC (K-CMD, P-DETAIL, K-ACL): a node run at once, a failing one, an asynchronous EXEC answered 202
 * with its ExecResult alert later in a new session, no Execute right (403), a node that cannot be run
 * (405) or a wildcard (400).
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { ixitNode, withWritableMo } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { dmPosts } from '../../../harness/conformance/fixtures/client/dm-wire.ts';
import { expectDone, expectRefused, expectSc, statusOf } from '../../../harness/conformance/fixtures/client/status.ts';
import { createInstance, moidPart } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { waitUntil } from '../../../harness/conformance/fixtures/waits.ts';
import { ALERT } from '../../../harness/protocol/packages.ts';

const isConcrete = (uri: string) => !/\/\/|\*|\(|\?/.test(uri.replace(/^urn:[^/]*/i, ''));

const SESSION_ALERTS = new Set<string>([ALERT.CLIENT_INITIATED, ALERT.SERVER_INITIATED]);

/**
 * The asynchronous EXEC of K-CMD, on public facts alone: answered 202 now, and its result later as an
 * alert in the Package#1 of a new session sent to the EXEC's ServerURI. Returns that alert (the first
 * one that is not a session alert); its type and Data shape (ExecResult, {"sc"}) are for the caller's
 * P-DETAIL checks.
 */
async function asyncExecAlert(t: CaseContext, srv: HarnessServer, node: string) {
  const [q] = await srv.run([['EXEC', node, 'auto']]);
  const s = expectSc(t, q, 202, `EXEC ${node} with a ServerURI (asynchronous: 202 now, the result later)`, 'K');
  const alertPath = new URL(String(q.command[2])).pathname;
  const atAlertUrl = () => dmPosts(srv.wire).find((p) => p.kind === 'package1' && p.path === alertPath);
  t.step('wait for the alert carrying the EXEC result');
  await waitUntil(() => atAlertUrl() !== undefined || q.asyncResult !== undefined, t.ixit.timeouts.sessionMs);
  const p1 = t.need(
    atAlertUrl(),
    `EXEC ${node} answered 202 but no Package#1 (a new session carrying its result) came to its ServerURI ${alertPath} within ${t.ixit.timeouts.sessionMs} ms`,
    'K',
  );
  // Reading the Package#1 at all rests on the reference schema, whose strictness (unknown members) is ours.
  const p1Alerts = t.need(p1.package1?.Alert, `the Package#1 at the EXEC's ServerURI could not be read: ${p1.decodeError ?? 'no Alert list'}`, 'P');
  const alert = t.need(
    p1Alerts.find((a) => !SESSION_ALERTS.has(a.AlertType)),
    `the Package#1 at the EXEC's ServerURI carries only [${p1Alerts.map((a) => a.AlertType).join(', ')}], no alert with the EXEC's result`,
    'K',
  );
  return { q, s, alert };
}

defineCase(
  {
    id: 'DMCTS-C-CMD-030',
    title: 'EXEC of the executable node runs it: 200 with the node URI',
    requirement: 'A client MUST run the node an EXEC without ServerURI addresses and answer its result, 200 with the node URI on success (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const node = ixitNode(t, 'execNode');
    const srv = await HarnessServer.bootstrapped(t);
    const [q] = await srv.run([['EXEC', node]]);
    const s = expectDone(t, q, `EXEC ${node}`);
    t.check(s.URI.length === 1, `EXEC returned [${s.URI.join(', ')}], not one URI`);
    if (isConcrete(node)) t.check(s.URI[0] === node, `EXEC returned [${s.URI[0]}], not [${node}]`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-031',
    title: 'EXEC of the failing node reports an error status',
    requirement: 'A client MUST report the failure of an executed node as an error status code, not 200 (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const node = ixitNode(t, 'failingExecNode');
    const srv = await HarnessServer.bootstrapped(t);
    const [q] = await srv.run([['EXEC', node]]);
    const s = statusOf(t, q, 'K');
    // K-CMD: the Status carries the EXEC's result, so a failure is not reported as success; the error class is P-DETAIL's.
    t.check(s.sc < 200 || s.sc > 299, `EXEC of the failing node ${node} answered sc ${s.sc}: its failure reported as success (a 2xx)`, 'K');
    t.check(s.sc >= 400 && s.sc <= 599, `EXEC of the failing node ${node} answered sc ${s.sc}, not an error status`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-032',
    title: 'EXEC with a ServerURI is 202, then an ExecResult alert with Data {sc} in a new session to that URI',
    requirement:
      'A client MUST answer an EXEC with ServerURI 202 and later send the result as a generic ExecResult alert, SourceURI the node and Data {"sc": code}, in the Package#1 of a new session to that ServerURI (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL', 'K-FLOW'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const node = ixitNode(t, 'asyncExecNode');
    const srv = await HarnessServer.bootstrapped(t);
    // K-CMD: 202 now and an alert to the ServerURI later, in a new session (asyncExecAlert). P-DETAIL:
    // the Status URI, the alert's type ExecResult, its SourceURI and Data {"sc"}.
    const { s, alert } = await asyncExecAlert(t, srv, node);
    t.check(s.URI.length === 1, `the 202 Status names [${s.URI.join(', ')}], not the node`);
    t.check(alert.AlertType === ALERT.EXEC_RESULT, `the alert with the EXEC's result is ${alert.AlertType}, not ${ALERT.EXEC_RESULT}`);
    t.check(alert.SourceURI !== undefined && alert.SourceURI === s.URI[0], `the ExecResult SourceURI is "${alert.SourceURI}", not the executed "${s.URI[0]}"`);
    const data = alert.Data as { sc?: unknown } | undefined;
    t.check(typeof data?.sc === 'number' && Number.isInteger(data.sc), `the ExecResult Data is ${JSON.stringify(alert.Data)}, not {"sc": <code>}`);
    t.check(data?.sc === 200, `the asynchronous EXEC of ${node} reported sc ${String(data?.sc)}, not 200`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-033',
    title: 'An asynchronous EXEC that fails reports the error code in its ExecResult',
    requirement: 'A client MUST report the outcome of an asynchronous EXEC, an error included, as Data {"sc": code} of its ExecResult alert (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const node = ixitNode(t, 'failingExecNode');
    const srv = await HarnessServer.bootstrapped(t);
    // K-CMD: 202 now, the result later as an alert to the ServerURI; how the alert says it failed
    // (ExecResult, Data {"sc"}) is P-DETAIL's.
    const { alert } = await asyncExecAlert(t, srv, node);
    t.check(alert.AlertType === ALERT.EXEC_RESULT, `the alert with the EXEC's result is ${alert.AlertType}, not ${ALERT.EXEC_RESULT}`);
    const sc = (alert.Data as { sc?: unknown } | undefined)?.sc;
    t.check(typeof sc === 'number' && sc >= 400 && sc <= 599, `the ExecResult of the failing node reports ${JSON.stringify(alert.Data)}, not an error sc`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-034',
    title: 'EXEC without the Execute right is 403',
    requirement: 'A client MUST refuse with 403 an EXEC by a server whose Perm for that MO lacks the Execute right (K-ACL, P-ACL).',
    labels: ['DM-HLF-009', 'DM-HLF-020'],
    rules: ['K-CMD', 'K-ACL', 'P-ACL'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const node = ixitNode(t, 'execNode');
    const moid = moidPart(node);
    const srv = await HarnessServer.bootstrapped(t, { perm: [{ moid, rights: 'RW' }] });
    const [q] = await srv.run([['EXEC', node]]);
    // K-ACL: a command without the right is not carried out; the code 403 is P-ACL's.
    expectRefused(t, q, 403, `EXEC ${node} by a server with rights RW only`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-035',
    title: 'EXEC of a node that is not executable is 405; of a wildcard, 400',
    requirement:
      'A client MUST answer 405 to an EXEC of a node that cannot be executed and 400 to an EXEC that does not name exactly one node (K-CMD; ours: P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('noexec'), { Name: 'plain data' }, 'K');
    const [plain, wild] = await srv.run([
      ['EXEC', `${uri}/Name`],
      ['EXEC', `${w}/*/Name`],
    ]);
    // A data leaf the server created has no Exec access type (K-TREE): not carried out; 405 is ours.
    // EXEC naming exactly one node (400 for a wildcard) is ours altogether.
    expectRefused(t, plain, 405, `EXEC of the data leaf ${uri}/Name`);
    expectSc(t, wild, 400, `EXEC of the wildcard ${w}/*/Name`);
  },
);
