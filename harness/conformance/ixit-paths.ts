/**
 * The paths an IXIT names are taken from the IXIT file's directory, not from where `dmcts run` was
 * started, so an IXIT (and the examples in docs/examples/) works from any directory: `adapter.cwd`
 * (default: the IXIT file's directory, so the command's own relative paths start there too),
 * `adapter.build.context` and `server.caFile`. Absolute paths stay as they are.
 *
 * What must exist before the IUT starts is checked here, so a wrong path is a configuration error
 * (exit 2) naming the file, the member and the fix before anything runs: the process adapter's
 * directory and a program given as a path, the container's build context. `server.caFile` is not:
 * the IUT may write it as it starts (it is read as each case starts, harness/conformance/iut/read-iut-file.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../core/config-error.ts';
import type { Ixit } from './ixit.ts';

const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

/** The IXIT with its paths made absolute against the directory of `file` (the IXIT's own path). */
export function resolveIxitPaths(ixit: Ixit, file: string): Ixit {
  const base = dirname(resolve(file));
  const where = (member: string, given: string, path: string) =>
    `${file}: ${member} "${given}" is ${path}${isAbsolute(given) ? '' : ` (a relative path is taken from the IXIT file's directory, ${base})`}`;
  const problems: string[] = [];
  let adapter = ixit.adapter;
  if (adapter.kind === 'process') {
    const cwd = resolve(base, adapter.cwd ?? '.');
    if (!isDirectory(cwd))
      problems.push(`${where('adapter.cwd', adapter.cwd ?? '.', cwd)}, which is not a directory (fix: give adapter.cwd an existing directory)`);
    const program = adapter.command[0]!;
    // A program named by a path runs from adapter.cwd (one without a slash is looked up on PATH).
    if (program.includes('/') && isDirectory(cwd) && !existsSync(resolve(cwd, program)))
      problems.push(
        `${file}: adapter.command[0] "${program}" is ${resolve(cwd, program)}, which does not exist (the command runs in adapter.cwd, ${cwd}; fix: correct adapter.command, or adapter.cwd)`,
      );
    adapter = { ...adapter, cwd };
  }
  if (adapter.kind === 'container' && adapter.build) {
    const context = resolve(base, adapter.build.context);
    if (!isDirectory(context))
      problems.push(`${where('adapter.build.context', adapter.build.context, context)}, which is not a directory (fix: give the directory of the Dockerfile)`);
    adapter = { ...adapter, build: { ...adapter.build, context } };
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const server = ixit.server?.caFile ? { ...ixit.server, caFile: resolve(base, ixit.server.caFile) } : ixit.server;
  return { ...ixit, adapter, ...(server ? { server } : {}) };
}
