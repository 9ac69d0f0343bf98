/**
 * dmcts load (issue 11, item 2): a small load against the reference server adds up (every session the
 * fleet saw open is one the server counted, no error, every WebSocket device answers the Package#0
 * fan-out), its load.json passes its schema and its HTML holds the plots; an unreachable server gives
 * errors by kind and a clear note, in bounded time; bad flags exit 2 naming the flag.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../harness/report/load-report-model.ts';
import { LOAD_RESULT_SCHEMA } from '../../harness/report/load-report-schema.ts';
import { dmcts, dmctsHere, ROOT } from './dmcts-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'dmcts-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(LOAD_RESULT_SCHEMA);

describe('dmcts load', () => {
  it('50 devices (HTTP and WS, JSON and CBOR) against the reference server: the counts add up, no error, the fan-out reaches every WS device', async () => {
    const out = join(dir, 'ok');
    const ran = await dmcts(
      ['load', '--reference', '--devices', '50', '--ramp', '100', '--duration', '2', '--interval', '1', '--notify', '--out', out, '--quiet'],
      {
        timeoutMs: 40_000,
      },
    );
    expect(ran.code, ran.err + ran.out).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'load.json'), 'utf8')) as LoadResult;
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(result.devices).toMatchObject({ asked: 50, started: 50, byTransport: { http: 25, ws: 25 } });
    expect(result.devices.byEncoding.json! + result.devices.byEncoding.cbor!).toBe(50);
    expect(result.errors.total).toBe(0);
    expect(result.sessions.failed).toBe(0);
    // Each device ran at least one session: its first falls within the first second of the steady phase.
    expect(result.sessions.clientInitiated).toBeGreaterThanOrEqual(50);
    expect(result.sessions.ok).toBe(result.sessions.started);
    // Every session the fleet saw open is a Package#1 the server accepted, and the other way round.
    expect(result.server.sessionsSeen).toBe(result.sessions.opened);
    expect(result.server.devicesSeen).toBe(50);
    // The reference server answers with GETs and END: one Package#1→#2 and one #3→#2 per session.
    expect(result.latency.package1.count).toBe(result.sessions.ok);
    expect(result.latency.package3.count).toBe(result.sessions.ok);
    expect(result.latency.package1.p50Ms).toBeGreaterThan(0);
    expect(result.latency.package1.p99Ms).toBeGreaterThanOrEqual(result.latency.package1.p50Ms);
    expect(result.fanOut).toMatchObject({ devices: 25, sent: 25, failed: 0, accepted: 25, opened: 25, completed: 25 });
    expect(result.fanOut!.allOpenedMs).toBeGreaterThan(0);
    expect(result.sessions.serverInitiated).toBe(25);
    const secondsOk = result.seconds.reduce((n, s) => n + s.sessionsOk, 0);
    expect(secondsOk).toBe(result.sessions.ok);
    expect(result.server.process!.peakRssKb).toBeGreaterThan(10_000);
    const html = readFileSync(join(out, 'load.html'), 'utf8');
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/<script|src="http|href="http/);
    expect(readFileSync(join(out, 'load.txt'), 'utf8')).toContain(`the server saw ${result.sessions.opened}`);
    expect(ran.out).toContain('Package#0 fan-out: 25 of 25');
  }, 45_000);

  it('a server IUT from its IXIT (the reference one, over HTTPS): its trust anchor and Package#0 key are used, the fan-out goes through its upper tester (server.notify)', async () => {
    const out = join(dir, 'ixit');
    const ixit = join(ROOT, 'harness/conformance/self-test/reference-server.ixit.json');
    const ran = await dmcts(['load', '--ixit', ixit, '--devices', '20', '--duration', '1', '--interval', '1', '--notify', '--out', out, '--quiet'], {
      timeoutMs: 30_000,
    });
    expect(ran.code, ran.err + ran.out).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'load.json'), 'utf8')) as LoadResult;
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(result.server).toMatchObject({ kind: 'iut', srvId: 'dmcts-reference-server' });
    expect(result.server.dmUrl).toMatch(/^https:/);
    expect(result.errors.total).toBe(0);
    expect(result.sessions.ok).toBeGreaterThanOrEqual(20);
    expect(result.fanOut).toMatchObject({ devices: 10, sent: 10, accepted: 10, opened: 10 });
  }, 35_000);

  it('an unreachable server: errors by kind (connect), a note that says so, exit 1 — no crash, no hang', async () => {
    const out = join(dir, 'unreachable');
    const ran = await dmcts(
      ['load', '--server', 'http://127.0.0.1:9/dm', '--devices', '10', '--duration', '1', '--interval', '1', '--timeout', '2', '--out', out],
      {
        timeoutMs: 20_000,
      },
    );
    expect(ran.code, ran.err).toBe(1);
    expect(ran.ms).toBeLessThan(15_000);
    expect(ran.err).not.toMatch(/internal error|at .*\.ts:\d+/);
    const result = JSON.parse(readFileSync(join(out, 'load.json'), 'utf8')) as LoadResult;
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(result.sessions.opened).toBe(0);
    expect(result.errors.byKind.connect).toBe(result.errors.total);
    expect(result.errors.total).toBeGreaterThanOrEqual(10);
    expect(result.errors.examples.map((e) => e.reason).join('\n')).toMatch(/ECONNREFUSED/);
    expect(ran.out).toContain('could not be reached');
  }, 25_000);

  it.each([
    [['load'], /no server to load: give --reference, --server URL or --ixit FILE/],
    [['load', '--reference', '--devices', '0'], /--devices must be a whole number from 1/],
    [['load', '--reference', '--transport', 'smoke'], /--transport must be one of http, ws, mix, not "smoke"/],
    [['load', '--reference', '--encoding', 'xml'], /--encoding must be one of json, cbor, mix/],
    [['load', '--reference', '--interval', 'soon'], /--interval must be a number/],
    [['load', '--server', 'ftp://x/dm'], /must be an http:\/\/ or https:\/\/ URL/],
    [['load', '--server', 'http://127.0.0.1:9/dm', '--notify'], /--notify needs a server dmcts load can drive: --reference .* or --ixit FILE/],
    [['load', '--reference', '--notify', '--transport', 'http'], /--notify times the Package#0 to WebSocket devices/],
    [['load', '--reference', '--server', 'http://127.0.0.1:9/dm'], /--reference starts its own server/],
    [['load', '--reference', '--bogus'], /bogus.*see: dmcts load --help/],
  ])('%j exits 2 with a clear error', async (args, message) => {
    const ran = await dmctsHere(args);
    expect(ran.code).toBe(2);
    expect(ran.err).toMatch(message);
  });

  it('--help names every flag', async () => {
    const ran = await dmctsHere(['load', '--help']);
    expect(ran.code).toBe(0);
    for (const flag of [
      '--devices K',
      '--ramp N',
      '--duration S',
      '--transport T',
      '--encoding E',
      '--server URL',
      '--reference',
      '--ixit FILE',
      '--out DIR',
      '--notify',
    ])
      expect(ran.out).toContain(flag);
  });
});
