/**
 * Issue 12, item 1: the operator commands (devices, queue, notify; text and --json) never print a
 * secret the server was given. As the self-test scans every report file for the secrets of its run,
 * this test runs each command against a running "dmcts serve" and scans its whole stdout and stderr
 * for the values themselves (the --noti-secret, a --secret given to notify, the operator token) and
 * for the shapes of a credential.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, type OperatorPeers, startOperatorPeers } from './operator-peers.ts';

const SERVER_SECRET = 'noti-serve-Zq81xK';
const NOTIFY_SECRET = 'noti-given-Wm42pR';
const WRONG_TOKEN = 'operator-token-Hq7vB2';
const DEVINFO = 'urn:oma:mo:oma-dm-devinfo:1.0//';

/** What a credential looks like in text, whatever its value (the self-test's SECRET_SHAPES, less its own password seeds). */
const SECRET_SHAPES = [
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/,
  /Basic [A-Za-z0-9+/]{12,}={0,2}/,
  /Digest [^"\n]{0,60}username=/,
  /Bearer [A-Za-z0-9._~+/-]{8,}/,
];

function leaks(runs: readonly CliRun[], secrets: readonly string[]): string[] {
  return runs.flatMap((r) => {
    const text = `${r.out}\n${r.err}`;
    return [
      ...secrets.filter((s) => text.includes(s)).map((s) => `${r.line}: prints the secret ${s}`),
      ...SECRET_SHAPES.filter((re) => re.test(text)).map((re) => `${r.line}: prints ${re.exec(text)![0]}`),
    ];
  });
}

describe('operator commands print no secret', () => {
  let peers: OperatorPeers;
  beforeAll(async () => {
    peers = await startOperatorPeers({ notiSecret: SERVER_SECRET });
    await peers.device('dev-1', SERVER_SECRET);
  }, 60_000);
  afterAll(() => peers?.stop());

  it('devices, queue and notify, as text and --json, on success and on error', async () => {
    const runs: CliRun[] = [];
    const run = async (...args: string[]) => {
      const r = await peers.dmcts(...args);
      runs.push(r);
      return r;
    };
    const queued = await run('queue', '--dev', 'dev-1', '--notify', '--wait', '30', 'GET', DEVINFO);
    expect(queued.code, queued.err).toBe(0);
    const put = await run('queue', '--dev', 'dev-1', '--notify', '--wait', '30', '--json', 'HPUT', 'auto', DEVINFO);
    expect(put.code, put.err).toBe(0);
    const receiver = (JSON.parse(put.out) as { receiverId: string }).receiverId;
    await run('queue', '--dev', 'dev-1', 'EXEC', 'urn:oma:mo:dmcts-diagnostics:1.0/1/Run');
    await run('queue', '--dev', 'dev-1', '--json', '--wait', '1', 'GET', DEVINFO);
    await run('queue', '--dev', 'nobody', 'GET', DEVINFO);
    await run('notify', '--dev', 'dev-1');
    await run('notify', '--dev', 'dev-1', '--json');
    // A secret given on the command line, and the device refusing it (a wrong secret): neither is echoed.
    const wrong = await run('notify', '--dev', 'dev-1', '--secret', NOTIFY_SECRET);
    expect(wrong.code).toBe(1);
    const unreachable = await run('notify', '--dev', 'dev-2', '--url', 'http://127.0.0.1:9/notify', '--secret', NOTIFY_SECRET);
    expect(unreachable.code).toBe(1);
    // The operator token on the command line: a wrong one, and the right one for a server that is gone.
    const refused = await run('devices', '--operator', peers.url, '--token', WRONG_TOKEN);
    expect(refused.code).toBe(1);
    const gone = await run('devices', '--operator', 'http://127.0.0.1:9', '--token', peers.token);
    expect(gone.code).toBe(2);
    await run('devices');
    await run('devices', '--json');
    await run('devices', '--receiver', receiver);
    await run('devices', '--receiver', receiver, '--json');
    const text = await run('devices', '--dev', 'dev-1');
    const json = await run('devices', '--dev', 'dev-1', '--json');

    expect(runs.filter((r) => r.code === null).map((r) => r.line)).toEqual([]);
    expect(leaks(runs, [SERVER_SECRET, NOTIFY_SECRET, peers.token, WRONG_TOKEN])).toEqual([]);
    // The device's record holds the server's notification secret: the commands had it to print.
    expect(text.out).toContain('a secret is set (not shown)');
    expect((JSON.parse(json.out) as { notificationSecret?: string }).notificationSecret).toBe('[REDACTED]');
  }, 180_000);

  it('the scan finds a secret where one is printed (it is not blind)', () => {
    const printed: CliRun = {
      line: 'dmcts x',
      code: 0,
      out: `{"notificationSecret": "${SERVER_SECRET}"}`,
      err: 'Authorization: Basic ZGV2LTE6cGFzc3dvcmQ=',
      ms: 0,
    };
    expect(leaks([printed], [SERVER_SECRET])).toEqual([`dmcts x: prints the secret ${SERVER_SECRET}`, 'dmcts x: prints Basic ZGV2LTE6cGFzc3dvcmQ=']);
  });
});
