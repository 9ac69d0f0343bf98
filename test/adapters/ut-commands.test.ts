/**
 * `dmcts ut-device` and `dmcts ut-server` as a vendor's adapter would behave: clear usage errors, a
 * clear failure when the harness is not there, ut.hello with their role's methods, a clean stop on
 * SIGTERM and when the harness closes the upper tester. The harness end is a real hub in this process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UpperTesterHub, type UtError } from '../../harness/conformance/ut-hub.ts';
import { utMethodsOf } from '../../harness/protocol/upper-tester.ts';
import { BIN, ROOT, tempDir } from './support.ts';
import { fixedPort } from '../support/fixed-port.ts';

function dmcts(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, DMCTS_UT_URL: '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function start(args: string[]): Started {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, output: () => text, exited };
}

async function hub(role: 'client' | 'server'): Promise<UpperTesterHub> {
  const h = await UpperTesterHub.start({ host: '127.0.0.1', port: 0, role });
  cleanups.push(() => h.close());
  return h;
}

describe('dmcts ut-device / ut-server', () => {
  it('have --help naming the upper-tester URL and how they stop', () => {
    for (const c of ['ut-device', 'ut-server']) {
      const r = dmcts([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.out).toContain(`dmcts ${c}`);
      expect(r.out).toContain('DMCTS_UT_URL');
      expect(r.out).toContain('SIGTERM');
    }
    expect(dmcts(['--help']).out).toMatch(/ut-device .*\n\s+ut-server /);
  });

  it('exit 2 without an upper-tester URL, saying where to give it', () => {
    for (const c of ['ut-device', 'ut-server']) {
      const r = dmcts([c]);
      expect(r.code, c).toBe(2);
      expect(r.err).toContain('--ut-url is required (or set DMCTS_UT_URL)');
    }
    expect(dmcts(['ut-device', '--ut-url', 'http://127.0.0.1:1/ut']).err).toContain('must be ws:// or wss://');
    expect(dmcts(['ut-server', '--ut-url', 'ws://127.0.0.1:1/ut', '--cert', 'x.pem']).err).toContain('--cert and --key go together');
  });

  it('exit 1 with the reason when no harness listens at the URL within --connect-timeout', async () => {
    const port = await fixedPort();
    const started = Date.now();
    const r = dmcts(['ut-device', '--connect-timeout', '1'], { DMCTS_UT_URL: `ws://127.0.0.1:${port}/ut` });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot reach the harness's upper tester at ws://127.0.0.1:${port}/ut`);
    expect(r.err).toContain('ECONNREFUSED');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('ut-device says hello with the client methods, answers them, and stops cleanly on SIGTERM', async () => {
    const h = await hub('client');
    const d = start(['ut-device', '--ut-url', h.url, '--dev-id', 'ut-test-device', '--quiet']);
    const hello = await h.waitForAdapter(15_000);
    expect(hello.role).toBe('client');
    expect(hello.product.name).toBe('dmcts reference client');
    expect([...hello.methods].sort()).toEqual(utMethodsOf('client').sort());
    const r = await h.call(
      'client.bootstrap',
      { servers: [{ srvId: 'srv-a', srvUri: 'https://127.0.0.1:9/dm', perm: [{ moid: 'urn:oma:mo:oma-dm-devinfo:1.0', rights: 'R' }] }] },
      10_000,
    );
    expect(r.devId).toBe('ut-test-device');
    expect(await h.call('client.shown', {}, 10_000)).toEqual({ urls: [] });
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    expect(d.output()).toContain('stopped (SIGTERM)');
  }, 30_000);

  it('ut-device exits 0 when the harness closes the upper tester (the run is over)', async () => {
    const h = await hub('client');
    const d = start(['ut-device', '--ut-url', h.url, '--quiet']);
    await h.waitForAdapter(15_000);
    await h.close();
    expect(await d.exited).toBe(0);
    expect(d.output()).toContain('the harness closed the upper tester');
  }, 30_000);

  it('ut-device exits 1 when the harness refuses it (a server run)', async () => {
    const h = await hub('server');
    const d = start(['ut-device', '--ut-url', h.url, '--quiet']);
    expect(await d.exited).toBe(1);
    expect(d.output()).toContain('the harness refused this adapter: this run tests a server, the adapter announced a client');
  }, 30_000);

  it('ut-server listens at the fixed port with a test CA in --tls-dir, prints its DM URL, and stops on SIGTERM', async () => {
    const h = await hub('server');
    const port = await fixedPort();
    const tls = join(tempDir('tls'), 'tls');
    const s = start(['ut-server', '--ut-url', h.url, '--port', String(port), '--srv-id', 'srv-t', '--noti-secret', 'secret-t', '--tls-dir', tls, '--quiet']);
    const hello = await h.waitForAdapter(15_000);
    expect(hello.role).toBe('server');
    expect([...hello.methods].sort()).toEqual(utMethodsOf('server').sort());
    expect(s.output()).toContain(`devices use https://127.0.0.1:${port}/dm`);
    expect(s.output()).toContain(`trust anchor for devices: ${join(tls, 'ca.pem')} (generated now)`);
    expect(s.output()).not.toContain('secret-t');
    // What its IXIT's server section should say, how it authenticates devices included.
    expect(s.output()).toContain('"clientAuth":{"modes":["basic","digest","x509"],"required":false}');
    expect(readFileSync(join(tls, 'ca.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(await h.call('server.device', { devId: 'nobody' }, 10_000)).toEqual({ known: false, sessions: 0, alerts: [] });
    // A device CA that is not a certificate is refused, and the server goes on as it was.
    const bad = await h.call('server.setCredentials', { devId: 'dev-x', x509: true, x509CaPem: 'not a certificate' }, 10_000).catch((e: unknown) => e);
    expect((bad as UtError).code).toBe('UT_FAILED');
    expect((bad as UtError).message).toContain('x509CaPem is not a PEM certificate');
    expect(await h.call('server.setCredentials', { devId: 'dev-x', basic: { name: 'n', password: 'p' } }, 10_000)).toEqual({});
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    // The same --tls-dir is reused on the next start (the IXIT's caFile stays valid).
    const h2 = await hub('server');
    const again = start(['ut-server', '--ut-url', h2.url, '--port', String(port), '--tls-dir', tls, '--quiet']);
    await h2.waitForAdapter(15_000);
    expect(again.output()).toContain(`trust anchor for devices: ${join(tls, 'ca.pem')}\n`);
    await h2.close();
    expect(await again.exited).toBe(0);
    expect(existsSync(join(tls, 'server.key'))).toBe(true);
  }, 40_000);

  it('ut-server exits 2 naming the fix when its port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = dmcts(['ut-server', '--ut-url', 'ws://127.0.0.1:1/ut', '--plain', '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`port ${port} on 127.0.0.1 is in use`);
      expect(r.err).toContain('server.dmUrl');
    } finally {
      blocker.close();
    }
  });
});
