/**
 * Mutual authentication (K-SEC, P-SEC) between the pair. The server authenticates the client by
 * HTTP Basic (or Digest when the server offers only that): its operator gives the DevID a password
 * (server.setCredentials), the client's account says to use it; a session goes through, carrying
 * the credentials; with a wrong password the server answers 401 and opens no session. The client
 * authenticates the server by TLS: it verifies the proxy's certificate against the run's CA (its
 * trust anchor), and the proxy verifies the server's against the CA of the server's IXIT — a TLS
 * session cannot pass through a recording proxy unchanged, so X.509 client certificates (which
 * end at the proxy) are not exercised here.
 */
import { randomBytes } from 'node:crypto';
import { ALERT } from '../../protocol/packages.ts';
import { accountFor, bootstrapClient } from './pair-context.ts';
import type { InteropScenario } from './scenario.ts';
import { checkSession } from './session-checks.ts';
import { clientSession, serverSessions } from './scenario-sessions.ts';
import { restoreClient } from './scenario-encodings.ts';
import { watchSession } from './session-watch.ts';
import { dmMessages } from './dm-messages.ts';

export const MUTUAL_AUTH: InteropScenario = {
  id: 'mutual-auth',
  title: 'Mutual authentication',
  description:
    "The server authenticates the client by HTTP Basic (Digest if it offers only that) with the password its operator set; a wrong password gets 401 and no session. The client authenticates the server by TLS (at the proxy: the run's CA; the proxy checks the server against its IXIT CA). X.509 client certificates end at the proxy and are not exercised.",
  rules: ['K-SEC', 'P-SEC'],
  notApplicable: (pair) => {
    const modes = pair.server.server?.clientAuth?.modes ?? [];
    if (!pair.server.server?.dmUrl.startsWith('https:')) return 'the server speaks plain HTTP: device credentials go only over TLS (P-SEC)';
    if (modes.includes('basic') || modes.includes('digest')) return undefined;
    return modes.includes('x509')
      ? `the server authenticates devices by X.509 only (its IXIT server.clientAuth): a client certificate ends at the recording proxy's TLS and cannot be carried through it`
      : `the server's IXIT names no device authentication (server.clientAuth.modes)`;
  },
  async run(cell) {
    const { pair } = cell;
    const modes = pair.server.server!.clientAuth!.modes;
    const type = modes.includes('basic') ? 'basic' : 'digest';
    const password = randomBytes(12).toString('base64url');
    const devId = pair.devId;
    cell.note(
      "TLS: the client verified the proxy's certificate against the run's CA (its trust anchor); the proxy verified the server's against the CA its IXIT names",
    );
    await cell.need('server', 'server.setCredentials', { devId, basic: { name: devId, password } });
    try {
      await bootstrapClient(cell, accountFor(pair, { clientAuth: { type, name: devId, secret: password } }));
      const before = await serverSessions(cell);
      const s = await clientSession(cell);
      checkSession(cell, s, { alert: ALERT.CLIENT_INITIATED, what: `a session with ${type} credentials` });
      const schemes = s.messages
        .filter((m) => m.direction === 'to-server' && m.kind !== 'other' && !(type === 'digest' && m.httpStatus === 401))
        .map((m) => m.authScheme?.toLowerCase());
      cell.check(
        schemes.length > 0 && schemes.every((x) => x === type),
        `every package the client sent carried ${type} credentials (${schemes.map((x) => x ?? 'none').join(', ')})`,
      );
      const after = await serverSessions(cell);
      if (before && after)
        cell.check(after.sessions > before.sessions, `the server counts the authenticated session (sessions ${before.sessions} → ${after.sessions})`);
      // A wrong password: 401, no Package#2, no session.
      await bootstrapClient(cell, accountFor(pair, { clientAuth: { type, name: devId, secret: `${password}-wrong` } }));
      const from = dmMessages(cell.serverRecords()).length;
      await cell.need('client', 'client.startSession', { srvId: pair.server.server!.srvId });
      const bad = await watchSession(cell, { timeoutMs: pair.client.ixit.timeouts.sessionMs, quietMs: 200, from });
      const refused = bad.messages.filter((m) => m.direction === 'to-client' && m.httpStatus === 401);
      const served = bad.messages.filter((m) => m.direction === 'to-client' && m.kind === 'package2');
      cell.check(
        refused.length > 0 && served.length === 0,
        `with a wrong password the server answered 401 and sent no Package#2 (${refused.length} × 401, ${served.length} Package#2)`,
      );
      const last = await serverSessions(cell);
      if (after && last) cell.check(last.sessions === after.sessions, `the refused session is not counted (sessions ${after.sessions} → ${last.sessions})`);
    } finally {
      // The server forgets the password (a later pair may use the same DevID), the client is bootstrapped back.
      await cell.call('server', 'server.setCredentials', { devId }).catch(() => undefined);
      await restoreClient(cell);
    }
  },
};
