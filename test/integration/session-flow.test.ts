/**
 * The management session over real sockets (K-FLOW, P-SESSION): Package#1 -> Package#2 -> Package#3
 * -> ... -> END, Package#3 to the CONT URI, one Status per command in order, no Package#3 after an
 * END, later work in the same session, and the MOS of Package#1 limited to what the server may read.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PERM } from '../../harness/client/factory-profile.ts';
import type { QueuedCommand } from '../../harness/server/queued-command.ts';
import {
  CONNMO,
  DEVINFO,
  DIAG,
  DMACC,
  dmPosts,
  FEATURES,
  integrationEnv,
  json,
  queue,
  runSession,
  SESSIONINFO,
  settled,
  statusOf,
  traceLog,
} from './support.ts';

const env = integrationEnv();

describe('client-initiated session', () => {
  it('runs Package#1 -> Package#2 -> Package#3 -> END, the Package#3 going to the CONT URI', async () => {
    const log = traceLog();
    const { server, device } = await env.pair({ trace: log.sink });
    const get = queue(server, ['GET', `${DEVINFO}//DevID`]);

    const outcome = await runSession(device);

    expect(outcome).toMatchObject({ ok: true, packagesSent: 2 });
    const posts = dmPosts(log);
    expect(posts).toHaveLength(2);
    const [p1, p3] = posts as [(typeof posts)[0], (typeof posts)[0]];
    // Package#1
    expect(p1.url).toBe('/dm');
    expect(p1.headers['content-type']).toBe('application/vnd.oma.dm.initiation+json');
    expect(p1.headers['omadm-devid']).toBe(device.devId);
    expect(p1.headers.accept).toMatch(/^application\/vnd\.oma\.dm\.request\+json\b/);
    const body1 = json(p1.body);
    expect(body1.Alert.map((a: { AlertType: string }) => a.AlertType)).toEqual(['urn:oma:at:dm:2.0:ClientInitiatedMgmt']);
    expect(body1.MOS.length).toBeGreaterThan(0);
    // Package#2: the queued command, then CONT to a session URI
    const replies = log.responsesOut();
    expect(replies[0]!.status).toBe(200);
    expect(replies[0]!.headers['content-type']).toBe('application/vnd.oma.dm.request+json');
    const p2 = json(replies[0]!.body) as { CMD: string[][] };
    expect(p2.CMD).toHaveLength(2);
    expect(p2.CMD[0]).toEqual(['GET', `${DEVINFO}//DevID`]);
    expect(p2.CMD[1]![0]).toBe('CONT');
    const cont = new URL(p2.CMD[1]![1]!);
    expect(cont.origin).toBe(new URL(server.dmUrl).origin);
    expect(cont.pathname).toMatch(/^\/dm\/s\/[A-Za-z0-9_-]{16,64}$/);
    // Package#3 goes to the CONT URI
    expect(p3.url).toBe(cont.pathname);
    expect(p3.headers['content-type']).toBe('application/vnd.oma.dm.response+json');
    expect(p3.headers['omadm-devid']).toBe(device.devId);
    const body3 = json(p3.body) as { Status: Array<{ sc: number; URI: string[]; Data?: unknown[] }> };
    expect(body3.Status).toHaveLength(2);
    expect(body3.Status[0]).toEqual({
      sc: 200,
      URI: [`${DEVINFO}/1/DevID`],
      Data: [expect.objectContaining({ ClientURI: `${DEVINFO}/1/DevID`, MOData: device.devId })],
    });
    expect(body3.Status[1]).toEqual({ sc: 200, URI: [] });
    // Last Package#2: END
    expect(json(replies[1]!.body)).toEqual({ CMD: [['END']] });
    expect(statusOf(get).sc).toBe(200);
    expect(server.sessions.size, 'the session is closed after END').toBe(0);
  });

  it('with nothing queued, the first Package#2 is END and no Package#3 follows', async () => {
    const log = traceLog();
    const { server, device } = await env.pair({ trace: log.sink });
    const outcome = await runSession(device);
    expect(outcome.packagesSent).toBe(1);
    expect(dmPosts(log)).toHaveLength(1);
    expect(json(log.responsesOut()[0]!.body)).toEqual({ CMD: [['END']] });
    expect(server.registry.get(device.devId)!.events.map((e) => e.kind)).toEqual(['alert', 'session-start', 'session-end']);
  });

  it('answers one Status per command, in order, with 400 in the place of an unknown command', async () => {
    const log = traceLog();
    const { server, device } = await env.pair({ trace: log.sink });
    const a = queue(server, ['GET', `${DEVINFO}//Man`]);
    const foo = queue(server, ['FOO'], { raw: true });
    const b = queue(server, ['GET', `${DEVINFO}/9`]);
    const badParams = queue(server, ['DELETE'], { raw: true });
    const c = queue(server, ['GET', `${DEVINFO}//Mod`]);

    await runSession(device);

    const status = json(dmPosts(log)[1]!.body).Status as Array<{ sc: number }>;
    expect(status.map((s) => s.sc)).toEqual([200, 400, 404, 400, 200, 200]);
    expect(statusOf(a).Data?.[0]?.MOData).toBe('dmcts');
    expect(statusOf(foo)).toEqual({ sc: 400, URI: [] });
    expect(statusOf(b)).toEqual({ sc: 404, URI: [`${DEVINFO}/9`] });
    expect(statusOf(badParams).sc).toBe(400);
    expect(statusOf(c).Data?.[0]?.MOData).toBe('reference-device');
  });

  it('sends no Package#3 for a Package#2 holding END, yet runs its commands', async () => {
    const log = traceLog();
    const { server, device } = await env.pair({ trace: log.sink });
    const exec = queue(server, ['EXEC', `${DIAG}/1/Run`]);
    const end = queue(server, ['END']);

    const outcome = await runSession(device);

    expect(outcome.packagesSent).toBe(1);
    expect(dmPosts(log), 'only the Package#1 reached the server').toHaveLength(1);
    expect(json(log.responsesOut()[0]!.body)).toEqual({ CMD: [['EXEC', `${DIAG}/1/Run`], ['END']] });
    for (const cmd of [exec, end]) {
      await settled(server, cmd);
      expect(cmd.state).toBe('done');
      expect(cmd.status).toBeUndefined();
      expect(cmd.reason).toMatch(/END/);
    }
    expect(device.tree.instance(DIAG, '1')!.root.children.get('RunCount')).toMatchObject({ value: 1 });
    expect(server.sessions.size).toBe(0);
  });

  it('sends the commands queued while a session runs in its next Package#2', async () => {
    const log = traceLog();
    const { server, device } = await env.pair({ trace: log.sink });
    const first = queue(server, ['GET', `${DIAG}/1/RunCount`]);
    const later: QueuedCommand[] = [];
    server.events.on('done', (cmd: QueuedCommand) => {
      if (cmd.id === first.id) later.push(queue(server, ['EXEC', `${DIAG}/1/Run`]), queue(server, ['GET', `${DIAG}/1/RunCount`]));
    });

    const outcome = await runSession(device);

    expect(outcome.packagesSent).toBe(3);
    expect(server.registry.get(device.devId)!.sessions).toBe(1);
    const p2s = log.responsesOut().map((r) => (json(r.body) as { CMD: string[][] }).CMD.map((c) => c[0]));
    expect(p2s).toEqual([['GET', 'CONT'], ['EXEC', 'GET', 'CONT'], ['END']]);
    expect(later).toHaveLength(2);
    expect(statusOf(later[0]!).sc).toBe(200);
    expect(statusOf(later[1]!).Data?.[0]?.MOData).toBe(1);
  });

  it('splits a long queue over several Package#2s of one session (maxCommandsPerPackage)', async () => {
    const log = traceLog();
    const { server, device } = await env.pair({ trace: log.sink, maxCommandsPerPackage: 2 });
    const cmds = [1, 2, 3, 4, 5].map(() => queue(server, ['EXEC', `${DIAG}/1/Run`]));
    const outcome = await runSession(device);
    expect(outcome.packagesSent).toBe(4);
    const sizes = log.responsesOut().map((r) => (json(r.body) as { CMD: unknown[] }).CMD.length);
    expect(sizes).toEqual([3, 3, 2, 1]);
    for (const cmd of cmds) expect(statusOf(cmd).sc).toBe(200);
    expect(device.tree.instance(DIAG, '1')!.root.children.get('RunCount')).toMatchObject({ value: 5 });
  });
});

describe('Package#1 MOS', () => {
  it('lists only the MO instances the server may read', async () => {
    const log1 = traceLog();
    const log2 = traceLog();
    const srv1 = await env.server({ srvId: 'srv1', trace: log1.sink });
    const srv2 = await env.server({ srvId: 'srv2', trace: log2.sink });
    const device = await env.device(undefined, {
      servers: [
        { srvId: 'srv1', srvUri: srv1.dmUrl, perm: DEFAULT_PERM },
        // srv2 may read DevInfo and manage ConnMO, nothing else.
        {
          srvId: 'srv2',
          srvUri: srv2.dmUrl,
          perm: [
            { moid: DEVINFO, rights: 'R' },
            { moid: CONNMO, rights: 'RW' },
          ],
        },
      ],
    });
    // srv1 creates a ConnMO instance: it owns it, so srv2 may not see it despite its ConnMO Perm.
    const content = srv1.operator.publish([{ ClientURI: CONNMO, MOData: { Name: 'srv1-apn' } }]);
    const hget = queue(srv1, ['HGET', content.url]);
    await runSession(device, 'srv1');
    expect(statusOf(hget)).toEqual({ sc: 200, URI: [`${CONNMO}/1`] });

    await runSession(device, 'srv1');
    await runSession(device, 'srv2');

    const mos = (log: ReturnType<typeof traceLog>) => {
      const last = dmPosts(log)
        .filter((p) => p.url === '/dm')
        .at(-1)!;
      return Object.fromEntries((json(last.body).MOS as Array<{ MOID: string; MIID: string[] }>).map((m) => [m.MOID, m.MIID]));
    };
    expect(mos(log1)).toEqual({
      [DEVINFO]: ['1'],
      [DMACC]: ['1'],
      [SESSIONINFO]: ['1'],
      [FEATURES]: ['1'],
      [DIAG]: ['1'],
      [CONNMO]: ['1'],
      'urn:oma:mo:oma-scomo:1.0': ['1'],
      'urn:oma:mo:oma-fumo:1.0': ['1'],
    });
    expect(mos(log2)).toEqual({
      [DEVINFO]: ['1'],
      [DMACC]: ['2'],
      [SESSIONINFO]: ['1'],
    });
    // What the server keeps of the device matches what it was told.
    expect(
      srv2.registry
        .get(device.devId)!
        .mos.map((m) => m.MOID)
        .sort(),
    ).toEqual([DEVINFO, DMACC, SESSIONINFO].sort());
  });
});
