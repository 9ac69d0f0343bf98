/**
 * Terminal manners (issue 12, item 3): output into a pipe that closes early ends quietly; colour only
 * on a terminal and never with NO_COLOR or --no-color; a first line before the first case ends and a
 * counter line in a CI log; dmcts list chooses cases with run's flags and exit codes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, dmcts, dmctsHere, ROOT } from './dmcts-process.ts';

/** A colour escape (foreground, background, bright) as progress.ts writes them. */
const COLOUR = /\x1b\[(?:3\d|4\d|9\d)m/;
const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** dmcts on a pseudo-terminal (util-linux script), as a person at a terminal runs it. */
function onTerminal(args: string[], env: NodeJS.ProcessEnv) {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  return new Promise<string>((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('close', () => resolve(text));
  });
}

describe('dmcts on a terminal and in a pipe', () => {
  it('dmcts list into a pipe whose reader has gone (dmcts list | head -0) ends quietly: no stack trace, exit 0', async () => {
    const child = spawn(process.execPath, [BIN, 'list'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader closes before the first line: every write meets a closed pipe (EPIPE).
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('dmcts list takes run’s selection flags (--case, --exclude, --ics) and its exit 2 for a case ID that names nothing or no case chosen', async () => {
    const listed = await dmctsHere(['list', '--case', 'DMCTS-C-GET', '--exclude', 'DMCTS-C-GET-002', '--exclude', 'P-DETAIL', '--json']);
    expect(listed.code).toBe(0);
    const ids = (JSON.parse(listed.out) as Array<{ id: string }>).map((c) => c.id);
    const every = JSON.parse((await dmctsHere(['list', '--case', 'DMCTS-C-GET', '--json'])).out) as Array<{ id: string; rules: string[] }>;
    const kept = every.filter((c) => c.id !== 'DMCTS-C-GET-002' && !c.rules.includes('P-DETAIL')).map((c) => c.id);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(every.length - 1);
    expect(ids).toEqual(kept);

    const unknown = await dmctsHere(['list', '--case', 'DMCTS-C-NOPE']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--case DMCTS-C-NOPE names no case');

    // A server's ICS selects no client case.
    const none = await dmctsHere(['list', '--ics', join(ROOT, 'docs/examples/server.ics.json'), '--case', 'DMCTS-C-GET']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('no case matches');

    const badRole = await dmctsHere(['list', '--role', 'device']);
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain('--role must be client or server');
  });

  it('in a CI log: the first line names the run before any case ends, and a counter line comes every 25 cases', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dmcts-progress-'));
    const r = await dmcts(['self-test', '--role', 'client', '--case', 'DMCTS-C-CMD', '--parallel', '1', '--out', out]);
    expect(r.code, r.err.slice(-2000)).toBe(0);
    const lines = r.err.split('\n');
    // 38 cases, 10 of them cases of sessions run once per transport: 48 runs, and the counter counts runs.
    expect(lines[0]).toMatch(
      /^dmcts: running 38 cases \(48 runs: a case of sessions once per transport\) against dmcts reference client [\d.]+ \(client\), 1 worker; results in /,
    );
    const firstVerdict = lines.findIndex((l) => /^(PASS|FAIL|WARN|INCONC|N\/A|ERROR) /.test(l));
    expect(firstVerdict).toBeGreaterThan(0);
    expect(lines).toContainEqual(expect.stringMatching(/^\[25\/48\] 25 PASS; [\d.]+ s\/case, about \d+ s left$/));
    expect(r.err).not.toMatch(COLOUR);
  }, 40_000);

  it.skipIf(!HAS_SCRIPT)(
    'on a terminal: verdicts in colour, none with NO_COLOR=1 or --no-color',
    async () => {
      const args = (out: string) => ['self-test', '--role', 'client', '--case', 'DMCTS-C-GET-001', '--parallel', '1', '--out', out];
      const { NO_COLOR: _unset, ...env } = process.env;
      const dir = () => mkdtempSync(join(tmpdir(), 'dmcts-color-'));
      const [coloured, noColorEnv, noColorFlag] = await Promise.all([
        onTerminal(args(dir()), env),
        onTerminal(args(dir()), { ...env, NO_COLOR: '1' }),
        onTerminal([...args(dir()), '--no-color'], env),
      ]);
      expect(coloured).toMatch(/\x1b\[32mPASS/);
      for (const text of [noColorEnv, noColorFlag]) {
        expect(text).toMatch(/PASS +DMCTS-C-GET-001/);
        expect(text).not.toMatch(COLOUR);
      }
    },
    40_000,
  );
});
