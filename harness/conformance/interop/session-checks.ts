/**
 * The checks every scenario makes of a session it watched (K-FLOW, P-SESSION): a Package#1 with the
 * expected alert and the client's DevID reached the server, every package decoded against its
 * schema, the server answered with a Package#2, the session ended with END and no Package#3 came
 * after it. A server whose CONT names another origin than the one the client reached it at takes
 * the rest of the session around the proxy: that is noted, and what was not recorded is not judged.
 */
import type { CellRun } from './cell-run.ts';
import { contElsewhere } from './cont-target.ts';
import type { DmMessage } from './dm-messages.ts';
export { contElsewhere } from './cont-target.ts';
import { hasEnd, package3sAfterEnd, type WatchedSession } from './session-watch.ts';

export function checkSession(cell: CellRun, s: WatchedSession, expect: { alert: string; what: string }): DmMessage | undefined {
  const { messages } = s;
  const p1 = messages.find((m) => m.direction === 'to-server' && m.kind === 'package1');
  if (!cell.check(p1 !== undefined, `${expect.what}: a Package#1 reached the server through the proxy`)) return undefined;
  const alertName = expect.alert.replace('urn:oma:at:dm:2.0:', '');
  cell.check(p1!.package1 !== undefined, `the Package#1 decodes against its schema${p1!.problem ? ` (it does not: ${p1!.problem})` : ''}`);
  cell.check(p1!.package1?.Alert.some((a) => a.AlertType === expect.alert) ?? false, `the Package#1 carries the ${alertName} alert`);
  // Over the WebSocket binding the DevID is the upgrade's (P-WS): frames carry no headers.
  const upgrade = p1!.transport === 'ws' ? cell.serverRecords().findLast((r) => r.kind === 'upgrade' && r.seq < p1!.seq) : undefined;
  const devId = p1!.devId ?? (upgrade?.kind === 'upgrade' ? upgrade.requestHeaders['omadm-devid'] : undefined);
  const where = p1!.transport === 'ws' ? "the WebSocket upgrade's OMADM-DevID" : "the Package#1's OMADM-DevID";
  cell.check(
    devId === cell.pair.devId,
    `${where} is the DevID the client's bootstrap reported (${cell.pair.devId}${devId !== cell.pair.devId ? `; it sent ${devId ?? 'none'}` : ''})`,
  );
  const p2 = messages.find((m) => m.direction === 'to-client' && m.kind === 'package2');
  cell.check(
    p2?.package2 !== undefined,
    p2
      ? `the server answered with a Package#2 that decodes${p2.problem ? ` (it does not: ${p2.problem})` : ''}`
      : `the server answered the Package#1 with a Package#2 (it answered ${answerOf(messages) ?? 'nothing'})`,
  );
  const bad = messages.filter((m) => m.problem !== undefined && m.kind !== 'other');
  cell.check(
    bad.length === 0,
    bad.length === 0 ? 'every DM package on the wire decodes against its schema' : `packages that do not decode: ${bad.map((m) => m.problem).join('; ')}`,
  );
  const elsewhere = contElsewhere(messages, cell.pair.server.proxy!.origin);
  if (elsewhere.length > 0 && s.end !== 'END') {
    cell.note(
      `the server's CONT names ${elsewhere.join(', ')}, not the proxy the client reached it at: the rest of the session went around the proxy and is not recorded (give the server the proxy as its public URL to record it all)`,
    );
    return p1;
  }
  cell.check(
    s.end === 'END',
    s.end === 'END'
      ? 'the session ended with END'
      : s.end === 'error'
        ? `the session ended on an error: ${answerOf(messages)}`
        : 'the session was not seen ending (no END) in time',
  );
  const endAt = messages.findIndex(hasEnd);
  const after = package3sAfterEnd(messages);
  if (endAt >= 0)
    cell.check(
      after.length === 0,
      after.length === 0
        ? 'no Package#3 after the Package#2 holding END'
        : `the client sent ${after.length} Package#3 after the Package#2 holding END (K-FLOW)`,
    );
  return p1;
}

function answerOf(messages: readonly DmMessage[]): string | undefined {
  const a = messages.find((m) => m.direction === 'to-client' && ((m.httpStatus ?? 200) >= 400 || m.problem));
  return a ? `${a.httpStatus !== undefined ? `HTTP ${a.httpStatus}` : ''}${a.problem ? ` ${a.problem}` : ''}`.trim() : undefined;
}
