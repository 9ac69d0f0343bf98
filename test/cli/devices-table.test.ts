/**
 * Issue 12, item 4: dmcts devices prints a table (a header row, aligned columns: device, last seen,
 * from, sessions, queued, whether a WebSocket of the device is open), and --dev / --receiver a readable text; JSON only with --json. Run through
 * bin/dmcts.mjs against a running "dmcts serve" with a reference device.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTable } from '../../harness/cli/text-table.ts';
import { type OperatorPeers, runDmcts, startOperatorPeers } from './operator-peers.ts';

const DEVINFO = 'urn:oma:mo:oma-dm-devinfo:1.0//';

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The start of each header's column in the header line. */
function columnStarts(header: string, names: readonly string[]): number[] {
  return names.map((n) => header.indexOf(n));
}

describe('dmcts devices', () => {
  let peers: OperatorPeers;
  beforeAll(async () => {
    peers = await startOperatorPeers({ notiSecret: 'devices-table-secret' });
  }, 60_000);
  afterAll(() => peers?.stop());

  it('says so when no device is known yet (exit 0)', async () => {
    const r = await peers.dmcts('devices');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('no device is known yet');
  });

  it('prints a table with a header row and aligned columns, JSON only with --json', async () => {
    await peers.device('dev-1', 'devices-table-secret');
    const queued = await peers.dmcts('queue', '--dev', 'a-device-with-a-long-id', '--create', 'GET', DEVINFO);
    expect(queued.code, queued.err).toBe(0);

    const r = await peers.dmcts('devices');
    expect(r.code, r.err).toBe(0);
    expect(isJson(r.out)).toBe(false);
    const [header, ...rows] = r.out.trimEnd().split('\n');
    const names = ['DEVICE', 'LAST SEEN', 'FROM', 'SESSIONS', 'QUEUED', 'WS'];
    expect(header).toMatch(/^DEVICE +LAST SEEN +FROM +SESSIONS +QUEUED +WS$/);
    expect(rows).toHaveLength(2);
    const starts = columnStarts(header!, names);
    const cells = (row: string) => starts.map((s, i) => row.slice(s, starts[i + 1]).trim());
    const byDevice = Object.fromEntries(rows.map((row) => [cells(row)[0], cells(row)]));
    expect(byDevice['dev-1']).toEqual(['dev-1', expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/), '127.0.0.1', '1', '0', 'no']);
    expect(byDevice['a-device-with-a-long-id']).toEqual(['a-device-with-a-long-id', 'never', '-', '0', '1', 'no']);

    const json = await peers.dmcts('devices', '--json');
    expect(json.code).toBe(0);
    const list = JSON.parse(json.out) as { devId: string; sessions: number; queued: number }[];
    expect(list.map((d) => [d.devId, d.sessions, d.queued]).sort()).toEqual([
      ['a-device-with-a-long-id', 0, 1],
      ['dev-1', 1, 0],
    ]);
  }, 90_000);

  it('--dev prints the device readably (queue, finished commands with their Status, events); --json the record', async () => {
    const done = await peers.dmcts('queue', '--dev', 'dev-1', '--notify', '--wait', '30', 'GET', DEVINFO);
    expect(done.code, done.err).toBe(0);
    const waiting = await peers.dmcts('queue', '--dev', 'dev-1', 'EXEC', 'urn:oma:mo:dmcts-diagnostics:1.0/1/Run');
    expect(waiting.code, waiting.err).toBe(0);

    const r = await peers.dmcts('devices', '--dev', 'dev-1');
    expect(r.code, r.err).toBe(0);
    expect(isJson(r.out)).toBe(false);
    expect(r.out).toMatch(/^device +dev-1$/m);
    expect(r.out).toMatch(/^sessions +2$/m);
    expect(r.out).toMatch(/^notification +http:\/\/127\.0\.0\.1:\d+\S*; a secret is set \(not shown\)$/m);
    expect(r.out).toMatch(
      /^queued \(1, in the order they go out\)\n {2}ID +STATE +QUEUED +COMMAND\n {2}\S+ +queued +\S+ \S+ +EXEC urn:oma:mo:dmcts-diagnostics:1\.0\/1\/Run$/m,
    );
    expect(r.out).toMatch(/^finished \(1\)\n {2}ID +STATE +ENDED +STATUS +COMMAND\n {2}\S+ +done +\S+ \S+ +200 OK +GET urn:oma:mo:oma-dm-devinfo:1\.0\/\/$/m);
    expect(r.out).toMatch(/^events \(\d+\)\n {2}TIME +KIND +DETAIL$/m);
    expect(r.out).toMatch(/ notification +Package#0 \d+ -> HTTP 202$/m);

    const json = await peers.dmcts('devices', '--dev', 'dev-1', '--json');
    expect(json.code).toBe(0);
    const record = JSON.parse(json.out) as { devId: string; queue: unknown[]; history: unknown[] };
    expect([record.devId, record.queue.length, record.history.length]).toEqual(['dev-1', 1, 1]);
  }, 90_000);

  it('--receiver prints what the device sent, readably; --json as JSON', async () => {
    const put = await peers.dmcts('queue', '--dev', 'dev-1', '--notify', '--wait', '30', '--json', 'HPUT', 'auto', DEVINFO);
    expect(put.code, put.err).toBe(0);
    const receiver = (JSON.parse(put.out) as { receiverId: string }).receiverId;

    const r = await peers.dmcts('devices', '--receiver', receiver);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`^receiver ${receiver}: 1 body\\n\\n\\S+ \\S+ {2}PUT JSON from dev-1 {2}1 MO entry\\n\\[`));
    expect(r.out).toContain('"DevID": "dev-1"');

    const json = await peers.dmcts('devices', '--receiver', receiver, '--json');
    expect((JSON.parse(json.out) as { devId: string }[]).map((b) => b.devId)).toEqual(['dev-1']);
  }, 90_000);

  it('--dev of a device the server does not know is a bad invocation (exit 2) naming it and where to look', async () => {
    const r = await peers.dmcts('devices', '--dev', 'dev-typo');
    expect(r.code).toBe(2);
    expect(r.err).toContain('no device "dev-typo" is known');
    expect(r.err).toContain('"dmcts devices" lists the known ones');
  });

  it('--help describes the columns, --json and the exit codes', async () => {
    const r = await runDmcts(['devices', '--help']);
    expect(r.code).toBe(0);
    for (const word of ['DEVICE', 'LAST SEEN', 'FROM', 'SESSIONS', 'QUEUED', '--json', 'Exit codes', '[REDACTED]']) expect(r.out).toContain(word);
  });
});

describe('formatTable', () => {
  it('pads every column but the last to its widest cell, the header included, and keeps a row on one line', () => {
    expect(
      formatTable(
        ['A', 'LONG HEADER', 'C'],
        [
          ['wide cell', 'x', 'last'],
          ['y', 'two\nlines', ''],
        ],
      ),
    ).toBe(['A          LONG HEADER  C', 'wide cell  x            last', 'y          two…'].join('\n').concat('\n'));
  });
});
