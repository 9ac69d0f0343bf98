/** The reference server's firmware update (P-FUMO): PkgVersion and PkgURL written by HGET before the EXEC, on the right instance. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DmServer } from '../../../harness/server/dm-server.ts';
import { queueFumoUpdate } from '../../../harness/server/fumo-update.ts';
import { FUMO_MOID } from '../../../harness/protocol/fumo.ts';

let server: DmServer;
beforeAll(async () => {
  server = await DmServer.start({ srvId: 'fumo-unit' });
});
afterAll(async () => {
  await server.stop();
});

const queued = (devId: string) => server.operator.device(devId)?.queue.map((c) => c.command) ?? [];

describe('queueFumoUpdate', () => {
  it('queues HGET PkgVersion, HGET PkgURL, then EXEC DownloadAndUpdate with a ServerURI, on the only instance before any session', () => {
    const q = queueFumoUpdate(server.operator, { devId: 'dev-a', pkgUrl: 'https://fw.example/p.bin', pkgVersion: '2.1' });
    expect(q.ok).toBe(true);
    const cmds = queued('dev-a');
    expect(cmds.map((c) => [c[0], c[0] === 'HGET' ? c[2] : c[1]])).toEqual([
      ['HGET', `${FUMO_MOID}//PkgVersion`],
      ['HGET', `${FUMO_MOID}//DownloadAndUpdate/PkgURL`],
      ['EXEC', `${FUMO_MOID}//DownloadAndUpdate`],
    ]);
    expect(String(cmds[2]![2])).toMatch(/^https?:\/\//);
    if (q.ok) expect(q.value.command).toBe(cmds[2]);
  });

  it('names the instance it is given, percent-encoded, and writes no PkgVersion when none is given', () => {
    queueFumoUpdate(server.operator, { devId: 'dev-b', pkgUrl: 'https://fw.example/q.bin', miid: 'modem 1' });
    expect(queued('dev-b').map((c) => (c[0] === 'HGET' ? c[2] : c[1]))).toEqual([
      `${FUMO_MOID}/modem%201/DownloadAndUpdate/PkgURL`,
      `${FUMO_MOID}/modem%201/DownloadAndUpdate`,
    ]);
  });

  it('publishes the package URL as the value the HGET fetches', async () => {
    queueFumoUpdate(server.operator, { devId: 'dev-c', pkgUrl: 'https://fw.example/r.bin' });
    const hget = queued('dev-c')[0]!;
    const res = await fetch(String(hget[1]), { headers: { accept: 'application/vnd.oma.dm.mo+json', 'omadm-devid': 'dev-c' } });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('https://fw.example/r.bin');
  });
});
