/**
 * The paths an IXIT names are taken from the IXIT file's directory, whatever directory `dmcts run`
 * starts in (issue 12, item 8): adapter.cwd (default: that directory), adapter.build.context,
 * server.caFile; absolute ones stay. A directory or program that is not there is a configuration
 * error naming the file, the member, the path it came to and the fix, before anything runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../harness/core/config-error.ts';
import { readIutFile } from '../../harness/conformance/iut/read-iut-file.ts';
import { loadIxit } from '../../harness/conformance/ixit.ts';
import { BIN, EXAMPLES, tempDir, writeJson } from './support.ts';

const process_ = (adapter: Record<string, unknown>) => ({ dmcts: 'ixit/1', role: 'client', adapter: { kind: 'process', ...adapter } });

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('IXIT paths', () => {
  it("are taken from the IXIT file's directory, not from the process's working directory", () => {
    const dir = tempDir('ixit-paths');
    mkdirSync(join(dir, 'acme', 'bin'), { recursive: true });
    mkdirSync(join(dir, 'acme', 'ixits'), { recursive: true });
    writeFileSync(join(dir, 'acme', 'bin', 'adapter'), '');
    const file = writeJson(join(dir, 'acme', 'ixits'), 'server.ixit.json', {
      ...process_({ command: ['./bin/adapter', '--config', 'ut.yaml'], cwd: '..' }),
      role: 'server',
      server: { dmUrl: 'https://127.0.0.1:9/dm', srvId: 'acme', caFile: '../tls/ca.pem' },
    });
    expect(process.cwd()).not.toBe(join(dir, 'acme', 'ixits'));
    const ixit = loadIxit(file);
    expect(ixit.adapter).toEqual({ kind: 'process', command: ['./bin/adapter', '--config', 'ut.yaml'], cwd: join(dir, 'acme') });
    expect(ixit.server?.caFile).toBe(join(dir, 'acme', 'tls', 'ca.pem'));
  });

  it("run a process adapter in the IXIT file's directory when it gives no cwd, and leave absolute paths as they are", () => {
    const dir = tempDir('ixit-paths-default');
    expect(loadIxit(writeJson(dir, 'a.ixit.json', process_({ command: ['node', 'adapter.mjs'] }))).adapter).toMatchObject({ cwd: dir });
    const absolute = loadIxit(
      writeJson(dir, 'b.ixit.json', {
        ...process_({ command: [process.execPath], cwd: EXAMPLES }),
        role: 'server',
        server: { dmUrl: 'https://127.0.0.1:9/dm', srvId: 'acme', caFile: '/etc/acme/ca.pem' },
      }),
    );
    expect(absolute.adapter).toMatchObject({ cwd: EXAMPLES, command: [process.execPath] });
    expect(absolute.server?.caFile).toBe('/etc/acme/ca.pem');
    const context = join(dir, 'image');
    mkdirSync(context);
    const container = loadIxit(writeJson(dir, 'c.ixit.json', { dmcts: 'ixit/1', role: 'client', adapter: { kind: 'container', build: { context: 'image' } } }));
    expect(container.adapter).toEqual({ kind: 'container', build: { context } });
  });

  it('a cwd, program or build context that is not there is an error naming the file, the member, the path and the fix', () => {
    const dir = tempDir('ixit-paths-bad');
    const noCwd = writeJson(dir, 'cwd.ixit.json', process_({ command: ['node'], cwd: 'no-such-dir' }));
    expect(problems(() => loadIxit(noCwd))).toEqual([
      `${noCwd}: adapter.cwd "no-such-dir" is ${join(dir, 'no-such-dir')} (a relative path is taken from the IXIT file's directory, ${dir}), which is not a directory (fix: give adapter.cwd an existing directory)`,
    ]);
    const noProgram = writeJson(dir, 'program.ixit.json', process_({ command: ['./acme-ut', '--debug'] }));
    const [program] = problems(() => loadIxit(noProgram));
    expect(program).toContain(`${noProgram}: adapter.command[0] "./acme-ut" is ${join(dir, 'acme-ut')}, which does not exist`);
    expect(program).toContain('fix: correct adapter.command, or adapter.cwd');
    const noContext = writeJson(dir, 'context.ixit.json', {
      dmcts: 'ixit/1',
      role: 'client',
      adapter: { kind: 'container', build: { context: '/no/such/ctx' } },
    });
    const [context] = problems(() => loadIxit(noContext));
    expect(context).toBe(
      `${noContext}: adapter.build.context "/no/such/ctx" is /no/such/ctx, which is not a directory (fix: give the directory of the Dockerfile)`,
    );
  });

  it('a server.caFile that is not there when a case reads it is an error naming the member, the path and the fix', () => {
    const dir = tempDir('ixit-paths-ca');
    const file = loadIxit(
      writeJson(dir, 's.ixit.json', {
        dmcts: 'ixit/1',
        role: 'server',
        adapter: { kind: 'remote' },
        server: { dmUrl: 'https://127.0.0.1:9/dm', srvId: 's', caFile: 'tls/ca.pem' },
      }),
    ).server!.caFile!;
    expect(() => readIutFile(file, "the IXIT's server.caFile", 1024)).toThrow(
      `the IXIT's server.caFile ${join(dir, 'tls', 'ca.pem')} does not exist (a relative path in an IXIT is taken from the IXIT file's directory; an IUT that writes the file must have done so by its ut.hello); fix: correct the IXIT's server.caFile`,
    );
  });

  it('dmcts run refuses such an IXIT before anything runs: exit 2, the problem on stderr', () => {
    const dir = tempDir('ixit-paths-run');
    const ixit = writeJson(dir, 'cwd.ixit.json', process_({ command: ['node'], cwd: 'no-such-dir' }));
    const r = spawnSync(process.execPath, [BIN, 'run', '--ics', join(EXAMPLES, 'client.ics.json'), '--ixit', ixit, '--out', join(dir, 'out')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain(`adapter.cwd "no-such-dir" is ${join(dir, 'no-such-dir')}`);
    expect(r.stdout).not.toContain('results:');
  }, 60_000);
});
