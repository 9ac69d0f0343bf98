/**
 * P-ENV between the reference peers: the execenv MO and the tags of managed instances, each server
 * scoped to its environment, the DMAcc address per bearer (BearerURI) and the Package#0's
 * PREFERRED-CON-TYPE choosing it, and the server of an instance for a session about it.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PERM } from '../../harness/client/factory-profile.ts';
import { managingServer } from '../../harness/client/exec-env-server.ts';
import { PREFERRED_CON_TYPE } from '../../harness/protocol/package0.ts';
import { MOID } from '../../harness/protocol/moids.ts';
import type { TraceEvent } from '../../harness/transport/trace.ts';
import { CONNMO, DIAG, DMACC, integrationEnv, queue, runSession, SECRET, settled, statusOf } from './support.ts';

const env = integrationEnv();
const PERM = [...DEFAULT_PERM, { moid: MOID.EXECENV, rights: 'R' }, { moid: DMACC, rights: 'RW' }];

/** The paths (with query) of the Package#1s a server got, and where each came from. */
function package1s(events: readonly TraceEvent[]): Array<{ url: string; peer: string }> {
  return events
    .filter((e) => e.side === 'server' && e.direction === 'in' && e.kind === 'request' && (e.url ?? '').split('?')[0] === '/dm')
    .map((e) => ({ url: e.url ?? '', peer: (e.peer ?? '').replace(/^::ffff:/, '') }));
}

async function twoServers() {
  const eventsA: TraceEvent[] = [];
  const a = await env.server({ srvId: 'a', notificationSecret: SECRET, trace: (e) => eventsA.push(e) });
  const b = await env.server({ srvId: 'b', notificationSecret: SECRET });
  const device = await env.device(undefined, {
    servers: [
      { srvId: 'a', srvUri: a.dmUrl, perm: PERM, notificationSecret: SECRET },
      { srvId: 'b', srvUri: b.dmUrl, perm: PERM, notificationSecret: SECRET },
    ],
  });
  return { a, b, device, eventsA };
}

describe('execution environments and bearers (P-ENV)', () => {
  it('has the execenv instances, tags device-made and server-made managed instances, and scopes each server to its environment', async () => {
    const { a, b, device } = await twoServers();
    expect([...device.tree.instancesOf(MOID.EXECENV)].map((i) => i.miid)).toEqual(['main', 'secure']);
    expect(device.environments.envOf(DIAG, '1')).toBe('main');
    expect(device.environments.envOf(DMACC, '1')).toBeUndefined();
    device.environments.assign('b', 'secure');
    const made = queue(b, ['HGET', b.operator.publish([{ ClientURI: `${CONNMO}/x`, MOData: { Name: 'x' } }]).url, `${CONNMO}/x`]);
    await runSession(device, 'b');
    expect(statusOf(await settled(b, made)).sc).toBe(200);
    expect(device.environments.envOf(CONNMO, 'x')).toBe('secure');
    // b (secure) no longer reaches the diagnostics instance of main; a (main) does not reach b's instance.
    const bDiag = queue(b, ['HPUT', 'auto', `${DIAG}/1/RunCount`]);
    await runSession(device, 'b');
    expect(statusOf(await settled(b, bDiag)).sc).toBe(403);
    const aConn = queue(a, ['DELETE', `${CONNMO}/x`]);
    const aEnv = queue(a, ['HPUT', 'auto', `${MOID.EXECENV}/secure/MOs`]);
    await runSession(device, 'a');
    expect(statusOf(await settled(a, aConn)).sc).toBe(403);
    expect(statusOf(await settled(a, aEnv)).sc).toBe(200);
    expect(a.operator.received(aEnv.receiverId!)[0]?.entries[0]?.MOData).toBe(`${CONNMO}/x`);
    // The session about b's instance goes to b; about main's diagnostics instance to a (the first with W).
    expect(managingServer(device.tree, device.accounts(), `${CONNMO}/x`)).toEqual({ ok: true, value: 'b' });
    expect(managingServer(device.tree, device.accounts(), `${DIAG}/1`)).toEqual({ ok: true, value: 'a' });
    expect(managingServer(device.tree, device.accounts(), `${CONNMO}/none`).ok).toBe(false);
  });

  it('opens sessions at the BearerURI of its bearer, SrvURI without one, and at the preferred bearer for a notified session', async () => {
    const { a, device, eventsA } = await twoServers();
    const write = queue(a, [
      'HGET',
      a.operator.publish([{ ClientURI: `${DMACC}/1/BearerURI`, MOData: { Cellular: `${a.dmUrl}?bearer=cellular`, WLAN: `${a.dmUrl}?bearer=wlan` } }]).url,
      `${DMACC}/1/BearerURI`,
    ]);
    await runSession(device, 'a');
    expect(statusOf(await settled(a, write)).sc).toBe(200);
    device.bearer.current = 'wlan';
    device.moveTo('127.0.0.3');
    await runSession(device, 'a');
    device.bearer.current = 'wireline';
    device.moveTo('127.0.0.4');
    await runSession(device, 'a');
    a.operator.setNotificationTarget('IMEI:490154203237518', { secret: SECRET });
    device.bearer.current = 'wlan';
    device.moveTo('127.0.0.3');
    const outcome = device.handleNotification(await notification(a, PREFERRED_CON_TYPE.CELLULAR));
    expect(outcome.accepted, outcome.reason).toBe(true);
    expect((await outcome.session)?.ok).toBe(true);
    await runSession(device, 'a');
    expect(package1s(eventsA)).toEqual([
      { url: '/dm', peer: '127.0.0.1' },
      { url: '/dm?bearer=wlan', peer: '127.0.0.3' },
      { url: '/dm', peer: '127.0.0.4' },
      { url: '/dm?bearer=cellular', peer: '127.0.0.3' },
      { url: '/dm?bearer=wlan', peer: '127.0.0.3' },
    ]);
  });
});

/** The bytes of a Package#0 the server would send (captured from a notification to a stub). */
async function notification(server: Awaited<ReturnType<typeof env.server>>, preferredConType: (typeof PREFERRED_CON_TYPE)[keyof typeof PREFERRED_CON_TYPE]) {
  const stub = await env.stub((_req, res) => res.writeHead(204).end());
  const sent = await server.operator.notify('IMEI:490154203237518', { url: `${stub.url}/notify`, secret: SECRET, preferredConType });
  expect(sent.ok).toBe(true);
  return new Uint8Array(stub.requests[0]!.body);
}
