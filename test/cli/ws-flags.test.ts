/**
 * Issue 9, item 1 (CLI): "dmcts device --ws" holds a WebSocket to its server (P-WS) and, behind NAT,
 * listens for nothing; "dmcts serve" takes P-WS at wss://<host>:<port>/dm, says so in --help and at
 * start-up, and refuses it with --http-only. The flag logic is checked in-process; the peers run as
 * separate processes through bin/dmcts.mjs, as a user starts them, on loopback, every wait bounded.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { deviceReach, type DeviceReachFlags } from '../../harness/cli/device-reach.ts';
import { runDmcts } from './operator-peers.ts';
import { type Peer, startPeer as startProcess, stopPeer, until } from './peer-process.ts';

const DEVINFO = 'urn:oma:mo:oma-dm-devinfo:1.0//';
const SECRET = 'ws-flags-noti-secret';

describe('dmcts device: how it reaches its server (flags)', () => {
  const flags = (more: Partial<DeviceReachFlags>): DeviceReachFlags => ({
    server: 'https://127.0.0.1:8443/dm',
    plain: false,
    ws: false,
    noListen: false,
    ...more,
  });

  it('over HTTP it listens for Package#0 on loopback; with --ws it listens for nothing (behind NAT) and pings every 30 s', () => {
    const http = deviceReach(flags({}));
    expect(http.ws).toBeUndefined();
    expect(http.notification).toEqual({ host: '127.0.0.1', port: 0 });
    const ws = deviceReach(flags({ ws: true }));
    expect(ws.ws).toEqual({ pingMs: 30_000 });
    expect(ws.notification).toBeUndefined();
    expect(ws.serverUrl.href).toBe('https://127.0.0.1:8443/dm');
  });

  it('with --ws it listens over HTTP too only when asked (--noti-port or --noti-host), never with --no-listen', () => {
    expect(deviceReach(flags({ ws: true, notiPort: '9099' })).notification).toEqual({ host: '127.0.0.1', port: 9099 });
    expect(deviceReach(flags({ ws: true, notiHost: '127.0.0.2' })).notification).toEqual({ host: '127.0.0.2', port: 0 });
    expect(deviceReach(flags({ ws: true, notiPort: '9099', noListen: true })).notification).toBeUndefined();
  });

  it('a wss:// (ws:// with --plain) server URL means the https:// (http://) DM URL over P-WS', () => {
    const wss = deviceReach(flags({ server: 'wss://127.0.0.1:8443/dm' }));
    expect(wss.serverUrl.href).toBe('https://127.0.0.1:8443/dm');
    expect(wss.ws).toEqual({ pingMs: 30_000 });
    expect(wss.notification).toBeUndefined();
    expect(deviceReach(flags({ server: 'ws://127.0.0.1:8080/dm', plain: true, wsPing: '5' }))).toEqual({
      serverUrl: new URL('http://127.0.0.1:8080/dm'),
      ws: { pingMs: 5_000 },
    });
  });

  it('refuses bad combinations, naming the problem and the fix', () => {
    expect(() => deviceReach(flags({ wsPing: '10' }))).toThrow(/--ws-ping .*add --ws/);
    expect(() => deviceReach(flags({ ws: true, wsPing: '0' }))).toThrow(/--ws-ping must be a whole number from 1 to 3600, not "0"/);
    expect(() => deviceReach(flags({ ws: true, wsPing: 'often' }))).toThrow(/--ws-ping must be a whole number/);
    expect(() => deviceReach(flags({ server: 'ws://127.0.0.1:8080/dm' }))).toThrow(/plain ws:\/\/: use the wss URL, or add --plain/);
    expect(() => deviceReach(flags({ server: 'ws://10.1.2.3:8080/dm', plain: true }))).toThrow(/loopback only.*use wss/);
    expect(() => deviceReach(flags({ server: 'http://127.0.0.1:8080/dm' }))).toThrow(/plain HTTP: use the https URL, or add --plain/);
    expect(() => deviceReach(flags({ server: 'ftp://127.0.0.1/dm' }))).toThrow(/--server must be an https \(or wss\) URL.*not ftp:/);
    expect(() => deviceReach(flags({ ws: true, notiHost: '0.0.0.0' }))).toThrow(/--noti-host 0\.0\.0\.0 is not a loopback address/);
  });

  it('the command refuses --ws-ping without --ws with exit 2 before starting anything', async () => {
    const r = await runDmcts(['device', '--server', 'https://127.0.0.1:9/dm', '--ws-ping', '10']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('add --ws');
    expect(r.out).toBe('');
  });
});

describe('--help of serve and device: a device behind NAT', () => {
  it('serve --help names wss://<host>:<port>/dm, ws:// with --plain, --http-only and a NAT example pair', async () => {
    const r = await runDmcts(['serve', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('wss://<host>:<port>/dm');
    expect(r.out).toMatch(/ws:\/\/ with --plain, loopback only/);
    expect(r.out).toMatch(/^ {2}--http-only /m);
    expect(r.out).toMatch(/^ {2}npx dmcts serve --noti-secret demo-secret$/m);
    expect(r.out).toMatch(/^ {2}npx dmcts device --ws --server https:\/\/127\.0\.0\.1:8443\/dm --dev-id dev-1 --noti-secret demo-secret$/m);
  });

  it('device --help explains --ws and --ws-ping and gives the same example pair', async () => {
    const r = await runDmcts(['device', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}--ws {2,}hold a WebSocket/m);
    expect(r.out).toMatch(/^ {2}--ws-ping S {2,}seconds between WebSocket pings \(default 30/m);
    expect(r.out).toContain('listens for nothing');
    expect(r.out).toMatch(/^ {2}npx dmcts serve --noti-secret demo-secret$/m);
    expect(r.out).toMatch(/^ {2}npx dmcts device --ws --server https:\/\/127\.0\.0\.1:8443\/dm --dev-id dev-1 --noti-secret demo-secret$/m);
  });
});

const started: Peer[] = [];

/** A dmcts process this file stops after each test. */
function startPeer(args: string[]): Peer {
  const peer = startProcess(args);
  started.push(peer);
  return peer;
}

/** Stops the peers of a test, newest first (only the processes this file started). */
async function stopAll(): Promise<void> {
  for (const peer of started.splice(0).reverse()) await stopPeer(peer);
}

/** "dmcts serve" on a free port with its state in a fresh directory; resolves with its base URL once it listens. */
async function serve(dir: string, ...extra: string[]): Promise<{ peer: Peer; url: string; stateDir: string }> {
  const stateDir = join(dir, 'server');
  const peer = startPeer(['serve', '--port', '0', '--state-dir', stateDir, ...extra]);
  await until('dmcts serve', peer, () => peer.output().includes('Ctrl-C stops the server') && existsSync(join(stateDir, 'operator.json')));
  const { url } = JSON.parse(readFileSync(join(stateDir, 'operator.json'), 'utf8')) as { url: string };
  return { peer, url, stateDir };
}

describe('a device behind NAT against dmcts serve, as processes', () => {
  afterEach(stopAll, 20_000);
  afterAll(stopAll, 20_000);

  it('over TLS: the device holds wss://…/dm with no notification URL, and queue --notify reaches it over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dmcts-ws-flags-'));
    const server = await serve(dir, '--noti-secret', SECRET);
    const port = new URL(server.url).port;
    expect(server.url).toBe(`https://127.0.0.1:${port}`);
    expect(server.peer.output(), 'the start-up lines name the wss URL').toContain(`P-WS: devices behind NAT hold wss://127.0.0.1:${port}/dm open`);

    const device = startPeer([
      'device',
      '--ws',
      '--server',
      `${server.url}/dm`,
      '--ca',
      join(server.stateDir, 'tls', 'ca.pem'),
      '--dev-id',
      'nat-1',
      '--state',
      join(dir, 'device-nat-1.json'),
      '--noti-secret',
      SECRET,
    ]);
    // The first session ran, and it ran over the WebSocket the device opened.
    await until('dmcts device --ws', device, () => device.output().includes('Enter opens a new session'));
    const out = device.output();
    expect(out).toContain(`WebSocket open to dmcts-server (wss://127.0.0.1:${port}/dm)`);
    expect(out).toContain('no notification URL: reachable only over it, as behind NAT');
    expect(out, 'a device behind NAT does not listen for Package#0').not.toContain('Package#0 over HTTP');
    expect(out).toContain('session with dmcts-server ended (END)');

    const known = await runDmcts(['devices', '--json', '--state-dir', server.stateDir]);
    expect(known.code, known.err).toBe(0);
    const row = (JSON.parse(known.out) as { devId: string; notificationUrl: string | null; ws: boolean }[]).find((d) => d.devId === 'nat-1');
    expect(row, 'the server knows the device from its session over the WebSocket').toBeDefined();
    expect(row!.notificationUrl, 'the server knows no notification URL for it').toBeNull();
    expect(row!.ws, 'the device holds its WebSocket open').toBe(true);
    const table = await runDmcts(['devices', '--state-dir', server.stateDir]);
    expect(table.out.split('\n')[0]).toMatch(/ WS$/);
    expect(table.out.split('\n').find((l) => l.startsWith('nat-1 '))).toMatch(/ open$/);
    const record = await runDmcts(['devices', '--dev', 'nat-1', '--state-dir', server.stateDir]);
    expect(record.out).toMatch(/^websocket +open \(P-WS/m);

    const q = await runDmcts(['queue', '--dev', 'nat-1', '--notify', '--wait', '30', '--state-dir', server.stateDir, 'GET', DEVINFO]);
    expect(q.code, `${q.err}\n${device.output()}`).toBe(0);
    expect(q.err).toMatch(/Package#0 \d+ sent to nat-1 over its WebSocket/);
    expect(q.out).toContain('GET -> 200 OK');
    expect(q.out).toContain('"DevID": "nat-1"');
    // The device took the Package#0 (a frame) and opened the server-initiated session because of it.
    const notified = /Package#0 \d+ from dmcts-server accepted: opening a server-initiated session[\s\S]*session with dmcts-server ended \(END\)/;
    await until('the notified session', device, () => notified.test(device.output()), 10_000);
  }, 90_000);

  it('--http-only: the server refuses the WebSocket (501), a --ws device says so and exits 1, an HTTP device is served', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dmcts-ws-flags-'));
    const server = await serve(dir, '--plain', '--http-only');
    expect(server.peer.output()).toContain('P-WS off (--http-only): WebSocket upgrades are refused');
    expect(server.peer.output()).not.toContain('ws://');
    const common = ['--plain', '--once', '--server', `${server.url}/dm`];
    const ws = await runDmcts(['device', '--ws', ...common, '--dev-id', 'nat-2', '--state', join(dir, 'nat-2.json')], 30_000);
    expect(ws.code, ws.out + ws.err).toBe(1);
    expect(ws.out).toMatch(/session with dmcts-server not opened: the server refused the WebSocket to ws:\/\/127\.0\.0\.1:\d+\/dm: HTTP 501/);
    const http = await runDmcts(['device', ...common, '--dev-id', 'http-1', '--state', join(dir, 'http-1.json')], 30_000);
    expect(http.code, http.out + http.err).toBe(0);
    expect(http.out).toContain('session with dmcts-server ended (END)');
  }, 90_000);
});
