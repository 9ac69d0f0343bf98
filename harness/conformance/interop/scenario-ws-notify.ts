/**
 * Package#0 over the WebSocket binding (P-WS, P-NOTI): the client holds a WebSocket open to the
 * server (a wss:// DM URL, through the proxy) and has no other way to be reached; the server
 * notifies it (server.notify without a URL) and sends the Package#0 as a frame over that
 * WebSocket; the client opens a session with ServerInitiatedMgmt naming its NOTIFICATION-ID.
 */
import { transportsOf } from '../ics.ts';
import { ALERT } from '../../protocol/packages.ts';
import { dmMessages } from './dm-messages.ts';
import { accountFor, bootstrapClient } from './pair-context.ts';
import type { InteropScenario } from './scenario.ts';
import { needsFeature } from './scenario.ts';
import { restoreClient } from './scenario-encodings.ts';
import { checkSession } from './session-checks.ts';
import { watchSession } from './session-watch.ts';

export const WS_NOTIFY: InteropScenario = {
  id: 'ws-notify',
  title: 'Package#0 over WebSocket',
  description:
    'The client holds a WebSocket to the server (wss:// DM URL); server.notify sends the Package#0 as a frame over it; the client opens a session whose ServerInitiatedMgmt names its NOTIFICATION-ID.',
  rules: ['P-WS', 'P-NOTI', 'K-NOTI'],
  notApplicable: (pair) => {
    for (const p of [pair.client, pair.server])
      if (!transportsOf(p.ics).includes('ws')) return `the ${p.role} ${p.id} does not claim the WebSocket transport (ICS transports / features.WS)`;
    return needsFeature(pair, 'server', 'NOTIFICATION') ?? needsFeature(pair, 'client', 'NOTIFICATION');
  },
  async run(cell) {
    const { pair } = cell;
    try {
      await bootstrapClient(cell, accountFor(pair, {}, 'ws'));
      // The device opens its WebSocket on its own (P-WS): wait for the upgrade before notifying.
      const deadline = Date.now() + pair.client.ixit.timeouts.sessionMs;
      const opened = () => cell.serverRecords().some((r) => r.kind === 'upgrade' && r.status === 101);
      while (!opened() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      if (!opened()) {
        // A client that opens its WebSocket only for a session: one session opens it.
        await cell.need('client', 'client.startSession', { srvId: pair.server.server!.srvId });
        await watchSession(cell, { timeoutMs: pair.client.ixit.timeouts.sessionMs, quietMs: 100 });
      }
      if (!opened()) cell.inconclusive('the client opened no WebSocket to the server through the proxy: there is nothing to notify it over');
      const from = dmMessages(cell.serverRecords()).length;
      const r = await cell.need('server', 'server.notify', { devId: pair.devId });
      cell.check(r.delivered === true, `the server says the Package#0 was delivered (server.notify: delivered ${String(r.delivered)})`);
      const s = await watchSession(cell, {
        timeoutMs: pair.client.ixit.timeouts.sessionMs,
        quietMs: Math.max(300, pair.client.ixit.timeouts.quietMs),
        from,
        start: (m) => m.package1?.Alert.some((a) => a.AlertType === ALERT.SERVER_INITIATED) ?? false,
      });
      const p0 = dmMessages(cell.serverRecords())
        .slice(from)
        .filter((m) => m.kind === 'package0');
      if (
        cell.check(
          p0.length >= 1 && p0.every((m) => m.transport === 'ws' && m.direction === 'to-client'),
          `the Package#0 went to the client as a WebSocket frame (${p0.length})`,
        )
      ) {
        cell.check(p0[0]!.package0 !== undefined, `the Package#0 frame decodes (K-NOTI)${p0[0]!.problem ? `: ${p0[0]!.problem}` : ''}`);
        cell.check(
          p0[0]!.package0?.serverId === pair.server.server!.srvId,
          `its SERVER-ID is the server's SrvID (it is ${p0[0]!.package0?.serverId ?? 'absent'})`,
        );
      }
      const p1 = checkSession(cell, s, { alert: ALERT.SERVER_INITIATED, what: 'a session after the Package#0 frame' });
      const id = p0[0]?.package0?.notificationId;
      if (p1 && id !== undefined) {
        const got = (p1.package1?.Alert.find((a) => a.AlertType === ALERT.SERVER_INITIATED)?.Data as { NotificationID?: unknown } | undefined)?.NotificationID;
        cell.check(got === id, `the ServerInitiatedMgmt alert names the NOTIFICATION-ID ${id} (it names ${JSON.stringify(got)})`);
      }
    } finally {
      await restoreClient(cell);
    }
  },
};
