/**
 * Issue 12, item 4: dmcts queue's exit code says what happened, as its --help states: 0 the Status
 * came back, 1 --notify failed, 2 a device the server does not know (without --create), 3 --wait ran
 * out. Run through bin/dmcts.mjs against a running "dmcts serve" with reference devices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OperatorPeers, runDmcts, startOperatorPeers } from './operator-peers.ts';

const SECRET = 'queue-exit-noti-secret';
const DEVINFO = 'urn:oma:mo:oma-dm-devinfo:1.0//';

describe('dmcts queue exit codes', () => {
  let peers: OperatorPeers;
  beforeAll(async () => {
    peers = await startOperatorPeers({ notiSecret: SECRET });
    await peers.device('dev-1', SECRET);
    // A device that holds another secret than the server's: it ignores the server's Package#0.
    await peers.device('dev-wrong-secret', 'not-the-server-secret');
  }, 90_000);
  afterAll(() => peers?.stop());

  it('0 when the device answers within --wait, with its Status printed', async () => {
    const r = await peers.dmcts('queue', '--dev', 'dev-1', '--notify', '--wait', '30', 'GET', DEVINFO);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('GET -> 200 OK');
    expect(r.err).toContain('HTTP 202');
  }, 60_000);

  it('2 for a device the server does not know, naming it and the fixes; nothing is queued', async () => {
    const r = await peers.dmcts('queue', '--dev', 'dev-typo', 'GET', DEVINFO);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no device "dev-typo" is known');
    expect(r.err).toContain('dmcts devices');
    expect(r.err).toContain('--create');
    expect(r.out).toBe('');
    const list = await peers.dmcts('devices', '--json');
    expect((JSON.parse(list.out) as { devId: string }[]).map((d) => d.devId)).not.toContain('dev-typo');
  }, 60_000);

  it('--create queues for a device not seen yet (exit 0), and --wait running out is 3', async () => {
    const queued = await peers.dmcts('queue', '--dev', 'dev-later', '--create', 'GET', DEVINFO);
    expect(queued.code, queued.err).toBe(0);
    expect(queued.out).toMatch(/^queued GET as \S+ \(queued\)/);
    const waited = await peers.dmcts('queue', '--dev', 'dev-later', '--wait', '1', '--json', 'GET', DEVINFO);
    expect(waited.code).toBe(3);
    expect(waited.err).toContain('no Status from dev-later within --wait 1 s');
    expect((JSON.parse(waited.out) as { state: string }).state).toBe('queued');
    const list = await peers.dmcts('devices', '--json');
    expect((JSON.parse(list.out) as { devId: string; queued: number }[]).find((d) => d.devId === 'dev-later')?.queued).toBe(2);
  }, 60_000);

  it('1 when --notify fails: no notification URL known; it does not then wait out --wait', async () => {
    const r = await peers.dmcts('queue', '--dev', 'dev-later', '--notify', '--wait', '60', 'GET', DEVINFO);
    expect(r.code).toBe(1);
    expect(r.err).toContain('notification not sent: no notification URL is known for dev-later');
    expect(r.err).toContain('the command stays queued');
    expect(r.ms).toBeLessThan(30_000);
  }, 60_000);

  it('1 when --notify reaches the device but it does not accept the Package#0 (a wrong secret)', async () => {
    const r = await peers.dmcts('queue', '--dev', 'dev-wrong-secret', '--notify', '--wait', '60', 'GET', DEVINFO);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/answered HTTP \d+, not 202/);
    expect(r.ms).toBeLessThan(30_000);
  }, 60_000);

  it('--help states the exit codes and --create', async () => {
    const r = await runDmcts(['queue', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Exit codes:');
    for (const line of [
      /^ {2}0 {2}queued; with --wait, the device's Status came back/m,
      /^ {2}1 {2}--notify failed/m,
      /^ {2}2 {2}a bad invocation/m,
      /^ {2}3 {2}--wait ran out/m,
    ])
      expect(r.out).toMatch(line);
    expect(r.out).toContain('--create');
  });
});
