/**
 * Sessions both ways (K-FLOW, K-NOTI, P-NOTI): the client opens one (its upper tester's
 * client.startSession), and the server makes the client open one by a Package#0 (server.notify,
 * sent through the recording proxy in front of the client's notification URL).
 */
import { ALERT } from '../../protocol/packages.ts';
import type { CellRun } from './cell-run.ts';
import { dmMessages } from './dm-messages.ts';
import { proxiedNotificationUrl } from './pair-context.ts';
import type { InteropScenario } from './scenario.ts';
import { needsFeature } from './scenario.ts';
import { checkSession } from './session-checks.ts';
import { watchSession } from './session-watch.ts';

/** The server's count of the device's sessions (server.device), when its upper tester offers it. */
export async function serverSessions(cell: CellRun): Promise<{ known: boolean; sessions: number } | undefined> {
  if (!cell.pair.server.hub.supports('server.device')) {
    cell.note("the server's upper tester has no server.device: its own count of sessions is not checked");
    return undefined;
  }
  const r = await cell.call('server', 'server.device', { devId: cell.pair.devId }).catch(() => undefined);
  return r ? { known: r.known === true, sessions: Number(r.sessions ?? 0) } : undefined;
}

export async function clientSession(cell: CellRun): Promise<Awaited<ReturnType<typeof watchSession>>> {
  const { client, server } = cell.pair;
  await cell.need('client', 'client.startSession', { srvId: server.server!.srvId });
  return watchSession(cell, { timeoutMs: client.ixit.timeouts.sessionMs, quietMs: Math.max(300, client.ixit.timeouts.quietMs) });
}

export const SESSION_CLIENT: InteropScenario = {
  id: 'session-client',
  title: 'Client-initiated session',
  description:
    'The client opens a session with the server (client.startSession): a Package#1 with ClientInitiatedMgmt and the DevID, a Package#2 back, END; the server counts the session (server.device).',
  rules: ['K-FLOW', 'P-SESSION'],
  async run(cell) {
    const before = await serverSessions(cell);
    const s = await clientSession(cell);
    checkSession(cell, s, { alert: ALERT.CLIENT_INITIATED, what: 'client-initiated session' });
    const after = await serverSessions(cell);
    if (before && after)
      cell.check(
        after.known && after.sessions > before.sessions,
        `the server reports the session on its upper tester (server.device: known ${after.known}, sessions ${before.sessions} → ${after.sessions})`,
      );
  },
};

export const SESSION_SERVER: InteropScenario = {
  id: 'session-server',
  title: 'Server-initiated session (Package#0)',
  description:
    'The server notifies the client (server.notify): the Package#0 decodes, names the server and carries a digest; the client accepts it (202) and opens a session whose ServerInitiatedMgmt alert names the NOTIFICATION-ID.',
  rules: ['K-NOTI', 'P-NOTI', 'K-FLOW'],
  notApplicable: (pair) => needsFeature(pair, 'server', 'NOTIFICATION') ?? needsFeature(pair, 'client', 'NOTIFICATION'),
  async run(cell) {
    const { pair } = cell;
    const url = proxiedNotificationUrl(pair);
    if (!url) cell.note('the client reported no notification URL: the Package#0 goes its own way (over its WebSocket, if it holds one) and is not recorded');
    else cell.note(`the server was told the client's notification URL through the recording proxy (${url})`);
    const r = await cell.need('server', 'server.notify', { devId: pair.devId, ...(url ? { url } : {}) });
    cell.check(
      r.delivered === true,
      `the server says the Package#0 was delivered (server.notify: delivered ${String(r.delivered)}${r.httpStatus ? `, HTTP ${r.httpStatus}` : ''})`,
    );
    const s = await watchSession(cell, {
      timeoutMs: pair.client.ixit.timeouts.sessionMs,
      quietMs: Math.max(300, pair.client.ixit.timeouts.quietMs),
      start: (m) => m.package1?.Alert.some((a) => a.AlertType === ALERT.SERVER_INITIATED) ?? false,
    });
    const p0 = dmMessages(cell.notiRecords()).filter((m) => m.kind === 'package0');
    const answer = dmMessages(cell.notiRecords()).find((m) => m.direction === 'to-client');
    if (url && cell.check(p0.length >= 1, `a Package#0 reached the client's notification URL through the proxy (${p0.length})`)) {
      const n = p0[0]!;
      cell.check(n.package0 !== undefined, `the Package#0 decodes (K-NOTI)${n.problem ? `: ${n.problem}` : ''}`);
      cell.check(
        n.package0?.serverId === pair.server.server!.srvId,
        `the Package#0's SERVER-ID is the server's SrvID ${pair.server.server!.srvId} (it is ${n.package0?.serverId ?? 'absent'})`,
      );
      if (pair.server.server!.notificationSecret)
        cell.check(n.package0?.digest !== undefined, 'the Package#0 carries a SHA256-DIGEST (the account has a notification secret)');
      cell.check(answer?.httpStatus === 202, `the client accepted the Package#0 with HTTP 202 (P-NOTI; it answered ${answer?.httpStatus ?? 'nothing'})`);
    }
    const p1 = checkSession(cell, s, { alert: ALERT.SERVER_INITIATED, what: 'a session after the Package#0' });
    const id = p0[0]?.package0?.notificationId;
    if (p1 && id !== undefined) {
      const alert = p1.package1?.Alert.find((a) => a.AlertType === ALERT.SERVER_INITIATED);
      const got = (alert?.Data as { NotificationID?: unknown } | undefined)?.NotificationID;
      cell.check(got === id, `the ServerInitiatedMgmt alert names the Package#0's NOTIFICATION-ID ${id} (it names ${JSON.stringify(got)})`);
    }
  },
};
