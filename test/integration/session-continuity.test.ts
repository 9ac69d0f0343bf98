/**
 * Session continuity (P-SESSION, seed DM-HLF-008): a Package#3 finds its session by the token of its
 * CONT URI, never by the source address; idle sessions expire, their commands are lost with a reason,
 * and a device whose Package#3 meets an expired session aborts without retrying.
 */
import { describe, expect, it } from 'vitest';
import type { QueuedCommand } from '../../harness/server/queued-command.ts';
import type { Session } from '../../harness/server/session-store.ts';
import { DEVINFO, DIAG, dmPosts, integrationEnv, json, queue, rawRequest, runSession, settled, statusOf, traceLog } from './support.ts';

const env = integrationEnv();

describe('a device that changes network mid-session', () => {
  it('goes on in the same session from its new address (DM-HLF-008)', async () => {
    const log = traceLog();
    const server = await env.server({ trace: log.sink });
    const device = await env.device(server, { localAddress: '127.0.0.1' });
    const first = queue(server, ['GET', `${DIAG}/1/RunCount`]);
    let second: QueuedCommand | undefined;
    let third: QueuedCommand | undefined;
    let session: Session | undefined;
    // As the statuses of each Package#2 arrive, the device moves and the server queues more work.
    server.events.on('done', (cmd: QueuedCommand) => {
      if (cmd.id === first.id) {
        session = server.sessions.all().find((s) => s.devId === cmd.devId);
        device.moveTo('127.0.0.2');
        second = queue(server, ['EXEC', `${DIAG}/1/Run`]);
      } else if (second && cmd.id === second.id) {
        third = queue(server, ['GET', `${DIAG}/1/RunCount`]);
      }
    });

    const outcome = await runSession(device);

    expect(outcome.packagesSent, 'Package#1 and three Package#3s').toBe(4);
    expect(server.registry.get(device.devId)!.sessions, 'one session only').toBe(1);
    expect(session, 'the session was open when the first statuses arrived').toBeDefined();
    expect(session!.addresses).toEqual(['127.0.0.1', '127.0.0.2']);
    const posts = dmPosts(log);
    expect(posts.map((p) => p.peer)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.2', '127.0.0.2']);
    const tokens = new Set(posts.slice(1).map((p) => p.url));
    expect(tokens.size, 'every Package#3 went to the one session URI').toBe(1);
    expect([...tokens][0]).toBe(`/dm/s/${session!.token}`);
    expect(statusOf(first).Data?.[0]?.MOData).toBe(0);
    expect(statusOf(second!).sc).toBe(200);
    expect(statusOf(third!).Data?.[0]?.MOData, 'the EXEC sent after the move ran').toBe(1);
  });

  it('also goes on from a device that moves back (the session is not pinned to any address)', async () => {
    const log = traceLog();
    const server = await env.server({ trace: log.sink });
    const device = await env.device(server, { localAddress: '127.0.0.2' });
    const first = queue(server, ['GET', `${DEVINFO}//DevID`]);
    let second: QueuedCommand | undefined;
    server.events.on('done', (cmd: QueuedCommand) => {
      if (cmd.id !== first.id) return;
      device.moveTo(undefined);
      second = queue(server, ['GET', `${DEVINFO}//Man`]);
    });
    await runSession(device);
    expect(dmPosts(log).map((p) => p.peer)).toEqual(['127.0.0.2', '127.0.0.2', '127.0.0.1']);
    expect(statusOf(first).Data?.[0]?.MOData).toBe(device.devId);
    expect(statusOf(second!).Data?.[0]?.MOData).toBe('dmcts');
  });
});

describe('idle sessions', () => {
  it('expire when the Package#3 never comes: their commands become lost with a reason', async () => {
    const server = await env.server({ idleTimeoutMs: 100 });
    // A client that sends Package#1, takes its Package#2 and goes silent.
    const mine = queue(server, ['GET', `${DEVINFO}//`], { devId: 'IMEI:2' });
    const p2 = await rawRequest(server.dmUrl, {
      headers: {
        'content-type': 'application/vnd.oma.dm.initiation+json',
        accept: 'application/vnd.oma.dm.request+json',
        'omadm-devid': 'IMEI:2',
      },
      body: Buffer.from(JSON.stringify({ MOS: [], Alert: [] })),
    });
    const cont = (json(p2.body) as { CMD: string[][] }).CMD.at(-1)!;
    expect(cont[0]).toBe('CONT');
    expect(mine.state).toBe('sent');
    await settled(server, mine, 2_000);
    expect(mine.state).toBe('lost');
    expect(mine.reason).toMatch(/^session expired after 100 ms without a Package#3$/);
    expect(mine.status).toBeUndefined();
    expect(server.sessions.size).toBe(0);
    const events = server.registry.get('IMEI:2')!.events.map((e) => e.kind);
    expect(events).toContain('session-expired');

    // The late Package#3 finds no session.
    const late = await rawRequest(cont[1]!, {
      headers: { 'content-type': 'application/vnd.oma.dm.response+json', 'omadm-devid': 'IMEI:2' },
      body: Buffer.from(
        JSON.stringify({
          Status: [
            { sc: 200, URI: [] },
            { sc: 200, URI: [] },
          ],
        }),
      ),
    });
    expect(late.status).toBe(404);
    expect(mine.state, 'a late status does not revive a lost command').toBe('lost');
  });

  it('a device whose Package#3 meets an expired session gets 404 and aborts without retrying', async () => {
    const log = traceLog();
    // The synchronous EXEC of Slow takes SlowMs (200 ms by default), twice the idle timeout.
    const { server, device } = await env.pair({ idleTimeoutMs: 100, trace: log.sink });
    const slow = queue(server, ['EXEC', `${DIAG}/1/Slow`]);
    const outcome = await device.clientInitiated();
    expect(outcome.ok).toBe(false);
    expect(outcome.httpStatus).toBe(404);
    expect(outcome.reason).toMatch(/404/);
    expect(outcome.packagesSent, 'Package#1 and one Package#3, no retry').toBe(2);
    const posts = dmPosts(log);
    expect(posts.map((p) => p.url?.replace(/[A-Za-z0-9_-]{16,}$/, '<token>'))).toEqual(['/dm', '/dm/s/<token>']);
    await settled(server, slow);
    expect(slow.state).toBe('lost');
    expect(slow.reason).toMatch(/expired after 100 ms/);
    // The device did the work; only the report was lost.
    expect(device.tree.instance(DIAG, '1')!.root.children.get('SlowCount')).toMatchObject({ value: 1 });
    expect(device.sessionsRun.at(-1)?.ok).toBe(false);
  });
});
