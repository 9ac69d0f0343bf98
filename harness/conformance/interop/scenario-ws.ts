/**
 * The WebSocket binding (P-WS) between the pair: the client is given the wss:// twin of the
 * server's DM URL (through the proxy), opens the WebSocket with the oma.dm.2.0 subprotocol and runs
 * a session carrying a GET over it; every package goes as a binary frame the proxy reads beside the
 * relay. The client is bootstrapped back to HTTPS afterwards.
 */
import { transportsOf } from '../ics.ts';
import { DM_WS_SUBPROTOCOL } from '../../protocol/ws-frame.ts';
import { ALERT } from '../../protocol/packages.ts';
import { accountFor, bootstrapClient } from './pair-context.ts';
import type { InteropScenario } from './scenario.ts';
import { checkSession } from './session-checks.ts';
import { clientSession } from './scenario-sessions.ts';
import { checkProbe, queueProbe, restoreClient } from './scenario-encodings.ts';

export const WS_SESSION: InteropScenario = {
  id: 'ws-session',
  title: 'Session over WebSocket',
  description:
    'The client reaches the server over the WebSocket binding (wss:// DM URL): upgrade with subprotocol oma.dm.2.0 answered 101, a client-initiated session with a GET as binary DM frames, END.',
  rules: ['P-WS', 'K-FLOW'],
  notApplicable: (pair) => {
    for (const p of [pair.client, pair.server])
      if (!transportsOf(p.ics).includes('ws')) return `the ${p.role} ${p.id} does not claim the WebSocket transport (ICS transports / features.WS)`;
    return undefined;
  },
  async run(cell) {
    const { pair } = cell;
    try {
      await bootstrapClient(cell, accountFor(pair, {}, 'ws'));
      const probe = await queueProbe(cell);
      const s = await clientSession(cell);
      const upgrade = cell.serverRecords().find((r) => r.kind === 'upgrade');
      if (cell.check(upgrade !== undefined, 'the client opened a WebSocket to the server through the proxy (an HTTP upgrade)') && upgrade?.kind === 'upgrade') {
        const asked = upgrade.requestHeaders['sec-websocket-protocol'] ?? '';
        cell.check(
          asked
            .split(',')
            .map((x) => x.trim())
            .includes(DM_WS_SUBPROTOCOL),
          `the upgrade asks for the ${DM_WS_SUBPROTOCOL} subprotocol (it asks "${asked}")`,
        );
        cell.check(upgrade.status === 101, `the server accepted the upgrade (HTTP ${upgrade.status ?? 'none'}${upgrade.error ? `: ${upgrade.error}` : ''})`);
        cell.check(
          upgrade.responseHeaders?.['sec-websocket-protocol'] === DM_WS_SUBPROTOCOL,
          `the server chose ${DM_WS_SUBPROTOCOL} (it chose "${upgrade.responseHeaders?.['sec-websocket-protocol'] ?? ''}")`,
        );
      }
      checkSession(cell, s, { alert: ALERT.CLIENT_INITIATED, what: 'a session over the WebSocket' });
      const packages = s.messages.filter((m) => m.kind !== 'other');
      cell.check(
        packages.length > 0 && packages.every((m) => m.transport === 'ws'),
        `every package of the session went as a WebSocket frame (${packages.filter((m) => m.transport === 'ws').length} of ${packages.length})`,
      );
      await checkProbe(cell, probe);
    } finally {
      await restoreClient(cell);
    }
  },
};
