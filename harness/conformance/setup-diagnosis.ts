/**
 * Names the cause and the fix of an IUT that could not be started (a set-up problem of the vendor's,
 * not a behaviour of the IUT), from the error and the IUT's last log lines: a missing adapter file, a
 * port in use, an adapter that ends or stays silent before its ut.hello.
 */

export interface SetupDiagnosis {
  cause: string;
  fix: string;
}

const RULES: Array<{ test: RegExp; diagnose: (m: RegExpExecArray) => SetupDiagnosis }> = [
  {
    test: /Cannot find module '([^']+)'/,
    diagnose: (m) => ({
      cause: `the adapter's command names a file that does not exist (Cannot find module '${m[1]}')`,
      fix: 'correct adapter.command (and adapter.cwd) in the IXIT',
    }),
  },
  {
    test: /EADDRINUSE[^\n]*?((?:\d{1,3}\.){3}\d{1,3}|\[[^\]]+\]|localhost)?:(\d+)/,
    diagnose: (m) => ({
      cause: `a port is already in use${m[2] ? ` (${m[1] ?? ''}:${m[2]})` : ''}`,
      fix: 'stop what listens there, or give the IUT (or harness.utPort in the IXIT) another port',
    }),
  },
  {
    test: /EADDRINUSE/,
    diagnose: () => ({ cause: 'a port is already in use', fix: 'stop what listens there, or give the IUT (or harness.utPort in the IXIT) another port' }),
  },
  {
    test: /ENOENT[^\n]*spawn (\S+)/,
    diagnose: (m) => ({
      cause: `the adapter's program "${m[1]}" was not found`,
      fix: 'correct adapter.command in the IXIT (the program must be on PATH or given by path)',
    }),
  },
  {
    test: /EACCES[^\n]*spawn (\S+)/,
    diagnose: (m) => ({
      cause: `the adapter's program "${m[1]}" may not be run (EACCES)`,
      fix: 'make it executable, or run it through its interpreter in adapter.command',
    }),
  },
  {
    test: /no upper-tester adapter connected|waiting for the adapter/i,
    diagnose: () => ({
      cause: 'the upper-tester adapter never connected and said ut.hello',
      fix: 'check that the adapter connects to DMCTS_UT_URL and sends ut.hello (docs/adapters.md), or raise timeouts.readyMs in the IXIT',
    }),
  },
];

/** `error`: why the start failed; `logs`: the IUT's last log lines (where "Cannot find module" and the like show). */
export function diagnoseSetup(error: string, logs: readonly string[] = []): SetupDiagnosis {
  const text = [error, ...logs].join('\n');
  for (const rule of RULES) {
    const m = rule.test.exec(text);
    if (m) return rule.diagnose(m);
  }
  // The IUT's own last words, not the harness's notes about it ("[dmcts] the container exited ...").
  const last = [...logs].reverse().find((l) => l.trim() !== '' && !l.trimStart().startsWith('[dmcts]'));
  const cause = `${error.split('\n')[0]!.slice(0, 300)}${last ? ` (its last log line: "${last.trim().slice(0, 200)}")` : ''}`;
  return { cause, fix: 'run the adapter command by hand to see why it stops, and check the IXIT (docs/ics.md); the IUT log is in the report' };
}
