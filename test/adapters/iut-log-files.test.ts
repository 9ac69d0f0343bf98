/**
 * A report folder holds one run (issue 12, item 6): the IUT logs a run writes replace those of an
 * earlier run instead of growing after them, and the IUT logs of an earlier run that this run does
 * not write are removed — two real `dmcts run`s into one folder, and the pieces on their own.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogBuffer } from '../../harness/conformance/iut/iut-instance.ts';
import { iutLogHeader, removeEarlierIutLogs } from '../../harness/conformance/iut/iut-log-files.ts';
import { dmctsRun, EXAMPLES, tempDir } from './support.ts';

const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');
const iutLogs = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.startsWith('iut-') || n.startsWith('.iut-'))
    .sort();
const count = (text: string, part: string) => text.split(part).length - 1;

describe('IUT log files', () => {
  it('a log of an earlier run is replaced, not appended to; a log of this run (its IUT started again) is appended to', () => {
    const dir = tempDir('iut-log-replace');
    const file = join(dir, 'iut-client.log');
    writeFileSync(file, `${iutLogHeader('run-0')}\nline of run 0\n`);
    const first = new LogBuffer(file, 'run-1');
    first.add('line of run 1, first start');
    first.closeFile();
    const again = new LogBuffer(file, 'run-1');
    again.add('line of run 1, second start');
    again.closeFile();
    expect(read(dir, 'iut-client.log')).toBe(`${iutLogHeader('run-1')}\nline of run 1, first start\nline of run 1, second start\n`);
    // Nothing left aside.
    expect(iutLogs(dir)).toEqual(['iut-client.log']);
  });

  it("removing earlier runs' logs keeps this run's and every other file", () => {
    const dir = tempDir('iut-log-remove');
    writeFileSync(join(dir, 'iut-client.log'), 'a log of a dmcts before run headers\n');
    writeFileSync(join(dir, 'iut-server-2.log'), `${iutLogHeader('run-0')}\n`);
    writeFileSync(join(dir, 'iut-client-1.log'), `${iutLogHeader('run-1')}\nkept\n`);
    for (const other of ['results.json', 'iut-client.log.bak', 'my-iut-client.log']) writeFileSync(join(dir, other), 'not an IUT log of a run\n');
    expect(removeEarlierIutLogs(dir, 'run-1').sort()).toEqual(['iut-client.log', 'iut-server-2.log']);
    expect(readdirSync(dir).sort()).toEqual(['iut-client-1.log', 'iut-client.log.bak', 'my-iut-client.log', 'results.json']);
    expect(read(dir, 'iut-client-1.log')).toBe(`${iutLogHeader('run-1')}\nkept\n`);
    expect(removeEarlierIutLogs(join(dir, 'none'), 'run-1')).toEqual([]);
  });

  it('two runs into one folder: the second holds only its own IUT logs, with only its own lines', async () => {
    const out = join(tempDir('iut-log-runs'), 'out');
    const example = ['--ics', join(EXAMPLES, 'client.ics.json'), '--ixit', join(EXAMPLES, 'client.process.ixit.json'), '--out', out, '--parallel', '2'];
    // (dmctsRun gives an --out of its own; the later one, this, is the one used.)
    // Cases of two suite files: two instances, iut-client-1.log and iut-client-2.log.
    const first = await dmctsRun([...example, '--case', 'DMCTS-C-GET-001', '--case', 'DMCTS-C-TREE-001']);
    expect(first.code, first.stdout + first.stderr.slice(-2000)).toBe(0);
    expect(iutLogs(out)).toEqual(['iut-client-1.log', 'iut-client-2.log']);
    const run1 = JSON.parse(read(out, 'results.json')).run.id as string;
    // As an earlier run of both roles without --parallel would have left them.
    writeFileSync(join(out, 'iut-client.log'), `${iutLogHeader('an-earlier-run')}\nan earlier line\n`);
    writeFileSync(join(out, 'iut-server.log'), `${iutLogHeader('an-earlier-run')}\nan earlier line\n`);
    // One suite file: one instance, which writes iut-client-1.log only.
    const second = await dmctsRun([...example, '--case', 'DMCTS-C-GET-001']);
    expect(second.code, second.stdout + second.stderr.slice(-2000)).toBe(0);
    const run2 = JSON.parse(read(out, 'results.json')).run.id as string;
    expect(run2).not.toBe(run1);
    expect(iutLogs(out)).toEqual(['iut-client-1.log']);
    const log = read(out, 'iut-client-1.log');
    expect(log.startsWith(`${iutLogHeader(run2)}\n`)).toBe(true);
    expect(log).not.toContain(run1);
    expect(count(log, '[dmcts] starting the IUT adapter')).toBe(1);
    expect(count(log, 'connected to the upper tester')).toBe(1);
  }, 120_000);
});
